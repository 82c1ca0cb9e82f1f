"""Find the data files the app ships, wherever it runs from.

There is exactly one place that knows where ``layers.yaml``, ``assets/`` and ``lessons/`` live:
this module. Three layouts are supported, checked in order:

1. a PyInstaller bundle: the data sits under ``sys._MEIPASS`` (build.spec puts it there);
2. an installed wheel: ``setup.py`` copies the data into ``desktop/data/``;
3. a source checkout or an editable install: the data sits in the repository root, next to the
   ``desktop`` package.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder holding ``layers.yaml``, ``assets/`` and ``lessons/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    installed = _PACKAGE / "data"
    if (installed / "layers.yaml").is_file():
        return installed
    return _PACKAGE.parent


def path(*parts: str) -> Path:
    """A path below the data root; ``path("assets", "fonts")``."""
    return data_root().joinpath(*parts)


def layers_file() -> Path:
    return path("layers.yaml")


def assets_dir() -> Path:
    return path("assets")


def lessons_dir() -> Path:
    return path("lessons")
