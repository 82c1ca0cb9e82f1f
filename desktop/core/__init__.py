"""The Qt-free core: model, loading and validation, graph, simulation, lessons, progress.

Nothing under ``desktop.core`` may import PySide6 or pyqtgraph (tests/test_core_no_qt.py checks
this in a fresh interpreter), so the whole learning engine runs and is tested without a display.
"""
