"""Stackscope: the datacenter stack from electrons to AI agents, as a desktop teaching app.

The package is split like napari and Anki: ``desktop.core`` holds the model, loading and
validation, the simulation and the lessons, and never imports Qt; ``desktop.ui`` holds the Qt
views on top of it.
"""
from __future__ import annotations

__version__ = "0.1.0"
