"""In front of a class an unexpected error is logged to a file and shown as a calm message."""
from __future__ import annotations

import sys

import pytest


@pytest.mark.allow_logged_errors
def test_unexpected_error_is_logged_and_shown_calmly(window, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("STACKSCOPE_HOME", str(tmp_path))
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information",
                        lambda parent, title, text: shown.append(text))
    previous = sys.excepthook
    try:
        from desktop.ui.app import install_error_handler

        log_path = install_error_handler(lambda: window)
        try:
            raise RuntimeError("a bug we did not foresee")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert log_path.parent == tmp_path
    logged = log_path.read_text(encoding="utf-8")
    assert "a bug we did not foresee" in logged and "Traceback" in logged
    assert len(shown) == 1 and "Traceback" not in shown[0] and str(log_path) in shown[0]
