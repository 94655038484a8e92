"""Persistence: Peewee models bound late, the connection by URL, and migrations.

Nothing here imports Textual. Code outside ``db/`` and ``domain/`` does not use
these models directly; it calls the services in ``rostertui.domain``.
"""
