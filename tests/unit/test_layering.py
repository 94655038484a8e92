"""The core never imports the UI: no module under db/, domain/, importing/ or mail/ pulls in
Textual (checked in a fresh interpreter, as Harlequin does)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import rostertui

CORE = ("rostertui", "rostertui.config", "rostertui.cli", "rostertui.db", "rostertui.domain",
        "rostertui.importing", "rostertui.mail", "rostertui.demo")


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(rostertui.__path__, "rostertui."):
        if info.name.startswith(("rostertui.ui", "rostertui.__main__")):
            continue
        if info.name.startswith(CORE):
            names.append(info.name)
    return names


def test_core_modules_do_not_import_textual():
    modules = _core_modules()
    assert "rostertui.domain.users" in modules and "rostertui.db.models" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == [], "a core module imports Textual or Rich"


def test_import_contracts_hold():
    """The layer table of docs/architecture.md as import-linter contracts (pyproject.toml):
    each layer imports only those below it, and the UI reaches the database only through
    ui/services.py."""
    import os

    from importlinter.cli import lint_imports

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cwd = os.getcwd()
    os.chdir(root)  # lint-imports reads pyproject.toml from the working directory
    try:
        assert lint_imports(no_cache=True) == 0, "an import contract is broken: run lint-imports"
    finally:
        os.chdir(cwd)
