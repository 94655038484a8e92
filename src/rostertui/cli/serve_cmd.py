"""``rostertui serve``: the same app, with its login, in a web browser (``textual-serve``).

Each browser tab that opens the page gets a process of its own running the app (through
``python -m rostertui.cli.serve_session``), starting at the login screen. The database target
reaches those processes through ``ROSTERTUI_DB`` in their environment, never on their
command line, where ``ps`` would show a PostgreSQL password.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from urllib.parse import urlparse

from rostertui.cli.common import EXIT_OK, CliError, open_db
from rostertui.config import Config
from rostertui.db.connection import close_database, sqlite_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PLAIN_HTTP_WARNING = (
    "rostertui: warning: serving on {host}, reachable from other machines, over plain HTTP: "
    "logins and every roster page cross the network unencrypted unless a TLS proxy "
    "(https://) is in front; give that proxy's address as --public-url")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the app, with its login, to a web browser",
                       description="Serve the app (it starts at the login screen) to web "
                                   "browsers through textual-serve; each browser tab runs an "
                                   "app of its own. It listens on 127.0.0.1 unless --host "
                                   "names another address; anything but loopback is plain "
                                   "HTTP unless a TLS proxy is in front.")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="the address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT,
                   help="the TCP port to listen on (default: 8000)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address browsers use to reach the server, when it differs from "
                        "http://HOST:PORT (behind a proxy: https://roster.example.com)")
    p.set_defaults(handler=cmd_serve)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1 to 65535)")
    return value


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int, given: str | None) -> str:
    """Where the page tells the browser to find the app's websocket."""
    if given:
        parsed = urlparse(given)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise CliError(f"--public-url {given!r} is not an http:// or https:// address")
        return given.rstrip("/")
    name = host
    if host in ("0.0.0.0", "::", ""):  # every address: browsers need a name to reach
        name = socket.getfqdn()
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    return f"http://{name}:{port}"


def session_command() -> str:
    """What textual-serve runs for each browser tab."""
    return shlex.join([sys.executable, "-m", "rostertui.cli.serve_session"])


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CliError("serving to a browser needs textual-serve: "
                       "pip install textual-serve") from None
    from rostertui.domain import org

    target = open_db(args, config)
    org.get_org()  # refuses, with what to run, a database without an organization
    close_database()  # each browser tab's app opens the database itself
    path = sqlite_path(target)
    os.environ["ROSTERTUI_DB"] = str(path.resolve()) if path is not None else target
    if not is_loopback(args.host):
        print(PLAIN_HTTP_WARNING.format(host=args.host), file=sys.stderr)
    url = public_url(args.host, args.port, args.public_url)
    _check_free(args.host, args.port)
    server = Server(session_command(), host=args.host, port=args.port, title="rostertui",
                    public_url=url)
    print(f"rostertui: serving on {url} (ctrl+c stops)", flush=True)
    server.serve()
    return EXIT_OK


def _check_free(host: str, port: int) -> None:
    """Refuse, in one line, an address that cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise CliError(f"--host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise CliError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another "
                           "--port (or --host)") from None
