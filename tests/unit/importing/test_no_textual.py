"""The import engine never imports Textual (nor Rich): the CLI and the Import tab both drive it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import rostertui.importing


def test_importing_every_module_of_the_engine_leaves_textual_and_rich_out():
    modules = [f"rostertui.importing.{m.name}"
               for m in pkgutil.iter_modules(rostertui.importing.__path__)]
    assert "rostertui.importing.engine" in modules and len(modules) >= 8
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "import rostertui.cli.import_cmds\n"
            + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
            + "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
