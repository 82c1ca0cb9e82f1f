"""Shared fixtures. Qt runs offscreen; settings and progress go to a throwaway folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("stackscope-home")
    os.environ["STACKSCOPE_HOME"] = str(home)
    return home


@pytest.fixture(scope="session")
def stack():
    from desktop.core.stack.reader import load_stack_or_raise
    from desktop import resources

    return load_stack_or_raise(resources.layers_file())


@pytest.fixture(scope="session")
def figures():
    from desktop.core.sim.figures import shipped_figures

    return shipped_figures()


@pytest.fixture(scope="session")
def flows():
    """Every shipped flow by id."""
    from desktop.core.sim.flows import shipped_flows

    return shipped_flows()


@pytest.fixture
def window(qtbot, stack):
    """The real main window, shown at a classroom-laptop size."""
    from desktop.ui.app import make_app
    from desktop.ui.mainwindow import MainWindow

    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    make_app()
    win = MainWindow(stack, theme_name="light", remember=False)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    yield win
    # Really destroy the window: its timers, its app-wide key filters and its items, so the
    # next test starts from a quiet event loop instead of a growing pile of hidden windows.
    for timer in win.findChildren(QTimer):
        timer.stop()
    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QApplication.processEvents()
