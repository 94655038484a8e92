"""Settings: a TOML file in the platform config directory, then ROSTERTUI_* variables.

``config.toml`` (in ``platformdirs.user_config_dir("rostertui")``, or the file
named by ``ROSTERTUI_CONFIG``) may hold::

    db = "postgresql://roster@db.internal/roster"
    smtp_url = "smtp://user:pass@mail.example.com:587?starttls=true"
    mail_from = "Roster <roster@example.com>"
    registration_url = "https://example.com/register?code={code}"

    [keymap]          # binding id = keys (comma-separated); see the README
    add = "ctrl+n"
    search = "slash,ctrl+f"

Environment variables override the file: ``ROSTERTUI_DB``, ``ROSTERTUI_SMTP_URL``,
``ROSTERTUI_MAIL_FROM``, ``ROSTERTUI_REGISTRATION_URL``, ``ROSTERTUI_DATA_DIR``.
The ``--db`` option overrides both.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP = "rostertui"
_KEYS = ("db", "smtp_url", "mail_from", "registration_url", "data_dir")


class ConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class Config:
    data_dir: Path
    db: str | None = None
    smtp_url: str | None = None
    mail_from: str | None = None
    registration_url: str = "https://example.com/register?code={code}"
    source: dict[str, str] = field(default_factory=dict)
    keymap: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys

    @property
    def default_db(self) -> str:
        return str(self.data_dir / "rostertui.db")

    @property
    def demo_db(self) -> str:
        return str(self.data_dir / "demo.db")

    def resolve_db(self, cli_value: str | None) -> str:
        """``--db``, then ROSTERTUI_DB or the config file, then the default file."""
        return cli_value or self.db or self.default_db


def config_path(env: Mapping[str, str]) -> Path:
    if env.get("ROSTERTUI_CONFIG"):
        return Path(env["ROSTERTUI_CONFIG"]).expanduser()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def load_config(env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    values: dict[str, str] = {}
    source: dict[str, str] = {}
    path = config_path(env)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from None
        for key in _KEYS:
            if key in data:
                if not isinstance(data[key], str):
                    raise ConfigError(f"{path}: {key} must be a string")
                values[key], source[key] = data[key], str(path)
        keymap = _keymap(data.get("keymap", {}), path)
    else:
        keymap = {}
    for key in _KEYS:
        var = f"ROSTERTUI_{key.upper()}"
        if env.get(var):
            values[key], source[key] = env[var], var
    data_dir = Path(values.pop("data_dir", None) or platformdirs.user_data_dir(APP)).expanduser()
    return Config(data_dir=data_dir, source=source, keymap=keymap, **values)


def _keymap(table: object, path: Path) -> dict[str, str]:
    """``[keymap]``: binding ids (``commit``, ``add``, ``show_tab_clients``...) to keys, as
    Textual writes them (``ctrl+enter``, ``f2``, several separated by commas)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: keymap must be a table ([keymap]) of binding id = \"keys\"")
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f"{path}: keymap.{binding_id} must be a string of keys, such as "
                              "\"ctrl+n\" or \"n,ctrl+n\"")
    return {k: ",".join(part.strip() for part in v.split(",")) for k, v in table.items()}
