"""The command palette's provider: every action of what has focus, found by name, with its
key, read from the live bindings (``ui/keys.live_keys``); plus the app's commands that
have no key (the audit log)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rostertui.ui.keys import live_keys


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str  # the key first ("key: c"), then where it lives and what it does
    run: Callable[[], object]
    key: str = ""


class RosterCommands(Provider):
    def commands(self) -> list[PaletteCommand]:
        """The actions that apply now (greyed keys are left out: check_action says no)."""
        app = self.app
        found: list[PaletteCommand] = []
        for entry in live_keys(self.screen):
            if not (entry.ours and entry.enabled):
                continue
            about = " · ".join(part for part in (entry.section, entry.tooltip) if part)
            found.append(PaletteCommand(
                entry.description, f"key: {entry.key_text}  ·  {about}",
                partial(app.run_action, entry.action, entry.node), entry.key_text))
        names = {c.name for c in found}
        found.append(PaletteCommand("Audit log", "who did what, filtered by person and action",
                                    partial(app.run_action, "app.audit_log")))
        if "Help" not in names:  # a dialog's keys hide the app's own
            found.append(PaletteCommand("Help", "the keys of what has focus",
                                        partial(app.run_action, "app.help")))
        return found

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run,
                          help=command.help)
            elif (score := matcher.match(command.help)) > 0:
                yield Hit(score / 2, command.name, command.run, help=command.help)
