"""rostertui: a keyboard-first terminal console for an organization's users.

Importing this package imports nothing else (no Textual, no database driver).
"""

__version__ = "0.1.0"
