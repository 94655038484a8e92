"""`rostertui serve`: loopback by default, a plain-HTTP warning for anything else, one-line
errors for a busy port or a database without an organization. The server itself is
replaced here; tests/ui/test_serve_browser.py runs the real one with a browser."""

from __future__ import annotations

import os
import socket
import sys

import pytest

from rostertui.cli import main, serve_cmd


class FakeServer:
    made: list[FakeServer] = []

    def __init__(self, command: str, host: str, port: int, title: str, public_url: str):
        self.command, self.host, self.port, self.public_url = command, host, port, public_url
        self.db_seen = os.environ.get("ROSTERTUI_DB")
        FakeServer.made.append(self)

    def serve(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch):
    import textual_serve.server

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.setenv("ROSTERTUI_DB", "")  # unset for the config; restored after the test
    return FakeServer.made


def run(capsys, *argv: str):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_listens_on_loopback_by_default_without_a_warning(capsys, fake_server,
                                                                org_db, tmp_path,
                                                                monkeypatch):
    sqlite = "://" not in org_db
    monkeypatch.chdir(tmp_path)
    target = os.path.relpath(org_db, tmp_path) if sqlite else org_db
    port = _free_port()
    code, out, err = run(capsys, "--db", target, "serve", "--port", str(port))
    assert code == 0, err
    assert err == ""
    server = fake_server[0]
    assert (server.host, server.port) == ("127.0.0.1", port)
    assert server.public_url == f"http://127.0.0.1:{port}"
    assert f"serving on http://127.0.0.1:{port}" in out
    # each browser tab runs the app starting at its login; the database reaches it through
    # the environment (an absolute path), not on a command line `ps` shows
    assert server.command.endswith("-m rostertui.cli.serve_session")
    assert server.command.startswith(sys.executable) or sys.executable in server.command
    assert server.db_seen == (os.path.abspath(org_db) if sqlite else org_db)
    assert target not in server.command


def test_default_port_is_8000(capsys):
    args = serve_cmd_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def serve_cmd_parser():
    from rostertui.cli import build_parser

    return build_parser()


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_any_other_address_warns_that_the_traffic_is_plain_http(capsys, fake_server, org_db,
                                                                host):
    if host == "::" and not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        code, out, err = run(capsys, "--db", org_db, "serve", "--host", host, "--port",
                             str(_free_port()))
    except OSError as exc:  # pragma: no cover - a machine without that address family
        pytest.skip(str(exc))
    if code == 2 and "cannot listen" in err:
        pytest.skip(err.strip())
    assert code == 0, err
    assert err.startswith(f"rostertui: warning: serving on {host}, reachable from other "
                          "machines, over plain HTTP")
    assert "TLS proxy" in err and err.count("\n") == 1
    assert fake_server[0].host == host
    assert "0.0.0.0" not in fake_server[0].public_url  # browsers need a name to reach


def test_a_public_url_behind_a_tls_proxy_is_passed_on(capsys, fake_server, org_db):
    code, _, err = run(capsys, "--db", org_db, "serve", "--host", "0.0.0.0", "--port",
                       str(_free_port()), "--public-url", "https://roster.example.com/")
    assert code == 0, err
    assert fake_server[0].public_url == "https://roster.example.com"
    code, _, err = run(capsys, "--db", org_db, "serve", "--public-url", "roster.example.com")
    assert code == 2 and "--public-url 'roster.example.com' is not an http" in err


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.8.0.1", True),
                                            ("localhost", True), ("::1", True),
                                            ("[::1]", True), ("0.0.0.0", False),
                                            ("::", False), ("192.168.1.20", False),
                                            ("roster.example.com", False)])
def test_is_loopback(host, loopback):
    assert serve_cmd.is_loopback(host) is loopback


def test_a_busy_port_is_one_line_exit_2(capsys, fake_server, org_db):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run(capsys, "--db", org_db, "serve", "--port", str(port))
    assert code == 2
    assert err.startswith(f"rostertui: error: cannot listen on 127.0.0.1:{port}: ")
    assert "choose another --port" in err and err.count("\n") == 1
    assert fake_server == []


def test_a_database_without_an_organization_is_refused_before_serving(capsys, fake_server,
                                                                     db):
    code, _, err = run(capsys, "--db", db, "serve", "--port", str(_free_port()))
    assert code == 1 and "rostertui init" in err
    assert fake_server == []


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_bad_port_is_a_usage_error(capsys, port):
    code, _, err = run(capsys, "serve", "--port", port)
    assert code == 2 and "port" in err
