"""Copy the run-time data (layers.yaml, assets/, lessons/) into the wheel.

The data lives at the repository root, where instructors find and edit it. A regular (non
editable) build copies it to ``desktop/data/`` so that ``desktop.resources`` finds it in an
installed wheel too. Editable installs read it straight from the checkout.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("layers.yaml", "assets", "lessons")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "desktop" / "data"
        target.mkdir(parents=True, exist_ok=True)
        for name in DATA:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True)
            elif src.is_file():
                shutil.copy2(src, target / name)


setup(cmdclass={"build_py": BuildPyWithData})
