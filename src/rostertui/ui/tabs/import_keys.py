"""The Import tab's keys: each binding's id is its action (a ``[keymap]`` entry in
config.toml remaps it), with a tooltip where the label is not enough. The help, the footer
and the command palette read them from the live bindings (ui/keys.py)."""

from __future__ import annotations

from textual.binding import Binding

IMPORT_TAB_BINDINGS = [
    Binding("o", "open", "Open file", id="open", tooltip="Choose a file in the tree"),
    Binding("escape", "back_to_file", "Back to the file", id="back_to_file",
            tooltip="Leave the file chooser: the file on show, as it was"),
    Binding("space", "toggle_include", "Include", id="toggle_include",
            tooltip="Leave the row out of the commit, or take it back in"),
    Binding("m", "toggle_email", "Email", id="toggle_email",
            tooltip="Send this user a welcome email when committed"),
    Binding("A", "include_all", "Include all valid", id="include_all"),
    Binding("M", "email_all", "Email all", id="email_all",
            tooltip="Tick every row's email box (or untick them all)"),
    Binding("f", "next_filter", "Filter", id="next_filter",
            tooltip="All rows, errors only, creates, updates, unchanged"),
    Binding("e,enter", "edit_cell", "Edit cell", id="edit_cell",
            tooltip="Edit the cell under the cursor in place: Enter applies, Escape cancels"),
    Binding("E", "fix", "Fix row", id="fix", show=False,
            tooltip="Edit the row's cells in a dialog (for long values, or several)"),
    Binding("x", "export_errors", "Export errors", id="export_errors",
            tooltip="Write the rows with errors to a CSV to fix elsewhere"),
    Binding("p", "mapping", "Mapping", id="mapping",
            tooltip="Which column holds which field"),
    Binding("v", "map_values", "Values", id="map_values",
            tooltip="A column's invalid values with their counts; map each in every row"),
    Binding("d", "date_format", "Date format", id="date_format",
            tooltip="The order of the birthdate column's dates (DD/MM/YYYY, MM/DD/YYYY...)"),
    Binding("b", "fill_column", "Fill blanks", id="fill_column",
            tooltip="Give a column's blank cells a value (or supply a missing column)"),
    Binding("r", "replace_in_column", "Replace", id="replace_in_column",
            tooltip="Find and replace within a column, over the rows shown"),
    Binding("i", "invite_incomplete", "Invite incomplete", id="invite_incomplete",
            tooltip="Import rows lacking only what a new user needs as invitations"),
    Binding("c", "commit", "Commit", id="commit",
            tooltip="Write the included rows in one transaction"),
    Binding("h", "history", "History", id="history", tooltip="Past imports; undo one"),
    Binding("P", "park", "Park", id="park",
            tooltip="Keep the file with its fixes in the database, to finish later"),
    Binding("R", "parked", "Parked imports", id="parked",
            tooltip="Files parked to finish later (here or by --park): resume or drop one"),
    Binding("S", "sheet", "Sheet", id="sheet",
            tooltip="Read another sheet of the workbook on show"),
]
