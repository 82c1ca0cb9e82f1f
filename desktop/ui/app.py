"""Start the app: one QApplication, the bundled font, the stack (with a calm fallback), the window."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import __version__


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with the names settings and paths depend on."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    app.setOrganizationName("Stackscope")
    app.setApplicationName("Stackscope")
    app.setApplicationVersion(__version__)
    from desktop.ui.fonts import register_fonts, ui_font

    register_fonts()
    _set_icon(app)
    from desktop.ui.i18n import install_translator

    install_translator(app)
    font = ui_font()
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))  # keep the system's text scale
    app.setFont(font)
    return app  # type: ignore[return-value]


def _set_icon(app: QApplication) -> None:
    """The app's own icon (every size we ship) and the name desktops match to stackscope.desktop."""
    from PySide6.QtGui import QIcon

    from desktop import resources

    icon = QIcon()
    for path in sorted(resources.path("assets", "icons").glob("stackscope-*.png")):
        icon.addFile(str(path))
    if not icon.isNull():
        app.setWindowIcon(icon)
    app.setDesktopFileName("stackscope")


def _log_handler():
    """A log file in the data folder, else in the temporary folder, else nowhere: a disk that
    cannot take a log file must never stop the app from starting."""
    import logging
    import tempfile

    from desktop.ui.settings import data_dir

    for folder in (data_dir, lambda: Path(tempfile.gettempdir())):
        try:
            path = folder() / "stackscope.log"
            return logging.FileHandler(path, encoding="utf-8"), path
        except (OSError, ValueError):
            continue
    return logging.NullHandler(), None


def install_error_handler(parent_getter) -> Path | None:
    """Unexpected errors are logged to a file and shown as a short, calm message — never as a
    traceback in front of a class. Returns the log file (None if none could be opened)."""
    import logging
    import traceback

    from PySide6.QtCore import QCoreApplication

    log = logging.getLogger("stackscope")
    handler, log_path = _log_handler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    showing: list[bool] = []

    def hook(exc_type, exc, tb) -> None:
        try:
            log.error("unexpected error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        except Exception:  # logging itself failed (disk full): the message below still shows
            pass
        if showing:
            return
        showing.append(True)
        try:
            where = (QCoreApplication.translate("App", "Details were written to %1.").replace("%1", str(log_path))
                     if log_path is not None else
                     QCoreApplication.translate("App", "Details could not be written to a log file."))
            QMessageBox.information(parent_getter(), "Stackscope",
                                    QCoreApplication.translate(
                                        "App", "Something went wrong, but your work is safe and the app carries on.")
                                    + "\n" + where)
        finally:
            showing.clear()

    sys.excepthook = hook
    return log_path


def after_first_paint(widget, callback) -> None:
    """Call ``callback`` once, right after ``widget`` first paints: what a class sees first is
    drawn before anything else is built (the panel tabs, their modules)."""
    from PySide6.QtCore import QEvent, QObject

    class _Watcher(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, callback)
            return False

    widget.installEventFilter(_Watcher(widget))


def exit_after_first_paint(widget) -> None:
    """For benchmarks and the frozen smoke test: print 'first-paint' and quit once ``widget``
    has painted. Costs nothing unless STACKSCOPE_EXIT_AFTER_PAINT is set."""

    def _done() -> None:
        print("first-paint", flush=True)
        os._exit(0)  # skip teardown: we measure start-up, not shutdown

    after_first_paint(widget, _done)


def _install_save_banner(window) -> None:
    from desktop.ui.save_banner import install_status_banner

    install_status_banner(window)   # the lesson panel attaches its store (status_banner)


def run_app(layers_path: str | None = None) -> int:
    app = make_app(sys.argv)
    from desktop.core.stack.reader import load_with_fallback
    from desktop.ui.mainwindow import MainWindow

    from desktop.ui.settings import data_dir, data_folder

    stack, problems = load_with_fallback(layers_path, cache_dir=data_dir() / "cache")
    if stack is None:
        QMessageBox.critical(None, "Stackscope", "The stack shipped with Stackscope could not be read:\n\n"
                             + "\n".join(str(p) for p in problems[:20]))
        return 1
    window = MainWindow(stack)
    install_error_handler(lambda: window)
    # The column is what a class sees first; the panel tabs (each built lazily anyway) are
    # added right after the first paint.
    if data_folder().fallback:
        # says at once that progress will not be kept, and where it would have to be writable
        after_first_paint(window.column.viewport(), lambda: _install_save_banner(window))
    if os.environ.get("STACKSCOPE_EXIT_AFTER_PAINT"):
        exit_after_first_paint(window.column.viewport())
    after_first_paint(window.column.viewport(), window.install_panels)
    after_first_paint(window.column.viewport(), window.watch_library)
    if not os.environ.get("STACKSCOPE_EXIT_AFTER_PAINT"):
        after_first_paint(window.column.viewport(), window.welcome_if_first_run)
    window.show()
    # Take the keyboard at once: the keys are window shortcuts, and a class presses F5 or
    # PageDown before anyone clicks (a desktop without a window manager gives no focus).
    window.raise_()
    window.activateWindow()
    if problems:
        from desktop.ui.dialogs import problems_dialog

        QTimer.singleShot(0, lambda: problems_dialog(str(layers_path), problems, window).exec())
    return app.exec()
