"""``python -m rostertui``."""

import sys

from rostertui.cli import main

if __name__ == "__main__":
    sys.exit(main())
