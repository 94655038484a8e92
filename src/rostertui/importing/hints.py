"""The command line's flag for each way out an import message offers, in one place.

The engine's messages name a way out in words ("or allow missing tags to be created"), which
reads right in the app, where the option is a check box, not a flag. The CLI adds the flag
through :func:`with_cli_hint` when it prints a message."""

from __future__ import annotations

# (words the engine's message uses, the CLI flag that does it)
CLI_HINTS = (
    ("allow missing tags to be created", "--create-missing-tags"),
    ("give a default role", "--role"),
    ("import the other rows and leave these out", "--skip-invalid"),
    ("or raise the limit", "--max-rows"),
)


def with_cli_hint(message: str) -> str:
    """``message`` with the CLI flag of the way out it names: "... (--role)"."""
    for words, flag in CLI_HINTS:
        if words in message and flag not in message:
            return f"{message} ({flag})"
    return message
