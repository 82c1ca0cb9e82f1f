"""Shared fixtures. Qt runs offscreen; settings and progress go to a throwaway folder."""
from __future__ import annotations

import logging
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


class _Errors(logging.Handler):
    """Collects every error the app logs (a view that raised in an event callback, a failed
    background job): a test that ends with one fails, as a class would have seen it."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_logged_errors(request):
    handler = _Errors()
    log = logging.getLogger("stackscope")
    log.addHandler(handler)
    yield handler
    log.removeHandler(handler)
    if handler.records and "allow_logged_errors" not in request.keywords:
        details = "\n".join(handler.format(r) + ("\n" + logging.Formatter().formatException(r.exc_info)
                                                 if r.exc_info else "") for r in handler.records)
        pytest.fail(f"the app logged {len(handler.records)} error(s):\n{details}")


@pytest.fixture
def state(stack):
    """A Qt-free application state over the shipped stack (sweeps run inline)."""
    from desktop.app.state import AppState

    return AppState(stack)


@pytest.fixture
def window(qtbot, stack, tmp_path_factory):
    """The real main window with every panel tab, shown at a classroom-laptop size. Background
    work runs inline so tests stay deterministic."""
    from desktop.app.state import run_inline
    from desktop.ui.app import make_app
    from desktop.ui.mainwindow import MainWindow

    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    make_app()
    win = MainWindow(stack, theme_name="light", remember=False, runner=run_inline)
    # Each test's own progress: what one test answered never decides another's lesson state.
    from desktop.core.learn.progress import ProgressStore

    win.state.lessons.store = ProgressStore(tmp_path_factory.mktemp("progress"))
    win.install_panels()
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    # Keys are window shortcuts: like a person's, they reach only the active window.
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    yield win
    if win.presenter is not None and win.presenter.active:
        win.presenter.leave()
    # Really destroy the window: its timers, its app-wide key filters and its items, so the
    # next test starts from a quiet event loop instead of a growing pile of hidden windows.
    for timer in win.findChildren(QTimer):
        timer.stop()
    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QApplication.processEvents()
