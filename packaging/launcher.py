"""The entry point PyInstaller freezes: the same ``desktop.cli.main`` as ``python -m desktop``."""
from __future__ import annotations

import sys

if __name__ == "__main__":
    from desktop.cli import main

    sys.exit(main())
