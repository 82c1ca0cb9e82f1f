"""``python -m desktop`` runs the app (or one of its headless commands)."""
from __future__ import annotations

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
