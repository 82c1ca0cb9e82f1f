"""The entry point PyInstaller freezes: the same ``desktop.cli.main`` as ``python -m desktop``."""
from __future__ import annotations

import sys

if __name__ == "__main__":
    if getattr(sys, "frozen", False) and sys.platform == "win32":
        # A frozen app that ever starts a worker process must call this first (no-op otherwise).
        import multiprocessing

        multiprocessing.freeze_support()
    from desktop.cli import main

    sys.exit(main())
