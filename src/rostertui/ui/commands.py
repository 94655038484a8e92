"""The command palette's provider: every action of the current tab, and the app's own."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rostertui.ui.tabs.base import RosterTab


class RosterCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from rostertui.ui.screens.main import MainScreen

        screen = self.screen
        # The palette is itself a screen: look at the screen below it.
        stack = self.app.screen_stack
        main = next((s for s in reversed(stack) if isinstance(s, MainScreen)), None)
        commands: list[tuple[str, str, Callable[[], object]]] = []
        if main is None:
            return commands
        for pane, label in (("clients", "Clients"), ("team", "Team Members"),
                            ("pending", "Pending"), ("archived", "Archived"),
                            ("import", "Import")):
            commands.append((f"Show the {label} tab", "switch tab",
                             partial(main.action_show_tab, pane)))
        tab = main.active_tab
        if isinstance(tab, RosterTab):
            for action, label in tab.ACTIONS:
                allowed = tab.check_action(action, ())
                if allowed is True:
                    commands.append((label, f"on {tab.target_description()}",
                                     partial(tab.run_named_action, action)))
            commands.append(("Search", "focus the search box", tab.action_search))
            commands.append(("Sort by the next column", "", tab.action_sort))
            commands.append(("Columns: show, hide and reorder", "remembered for you, per tab",
                             tab.action_columns))
            commands.append(("Mark every row matching the filter", "",
                             tab.table.action_mark_all))
            commands.append(("Unmark all", "", tab.table.action_clear_marks))
        commands.append(("Audit log", "who did what, filtered by person and action",
                         self.app.action_audit_log))
        commands.append(("Keys (help)", "every key the app knows", self.app.action_help))
        del screen
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
