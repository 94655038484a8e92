"""Email that is never lost: the outbox, the templates, the transports and the dispatcher.

* ``outbox.py`` queues a message in the same transaction as the change that causes it.
* ``templates.py`` renders each kind as plain UTF-8 text (never a password).
* ``transports.py`` sends over SMTP (plain, STARTTLS, SSL) or writes ``.eml`` files to a
  local folder when no server is configured.
* ``dispatcher.py`` claims due messages, sends them over one connection per batch, and
  records each one as sent the moment the server accepts it.
"""
