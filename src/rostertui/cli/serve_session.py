"""One browser tab's app under ``rostertui serve``: ``python -m rostertui.cli.serve_session``.

textual-serve runs this for each browser tab, with ``ROSTERTUI_DB`` set by ``serve`` and
Textual's web driver chosen through ``TEXTUAL_DRIVER``. It starts at the login screen.
"""

from __future__ import annotations

import sys

from rostertui.cli.common import EXIT_FILE, EXIT_OK, err
from rostertui.config import ConfigError, load_config
from rostertui.db.connection import DatabaseOpenError


def session_main() -> int:
    from rostertui.ui.app import make_app

    try:
        config = load_config()
        app = make_app(config.resolve_db(None), config)
    except (ConfigError, DatabaseOpenError) as exc:  # the server's log shows it
        err(str(exc))
        return EXIT_FILE
    app.run()
    return EXIT_OK if app.return_code in (None, 0) else EXIT_FILE


if __name__ == "__main__":
    sys.exit(session_main())
