"""Guard against a broken Qt binding. PySide6 6.12.0 under Python 3.11 drops a reference to
None on every call of a void method; the app then dies at random within seconds."""
from __future__ import annotations

import sys


def test_void_calls_keep_none_alive(qapp) -> None:
    from PySide6.QtGui import QFont

    font = QFont()
    font.setPixelSize(12)  # warm up any one-time interning
    before = sys.getrefcount(None)
    for _ in range(2000):
        font.setPixelSize(12)
        font.setItalic(False)
    assert sys.getrefcount(None) - before > -50, "this PySide6 build leaks None references: pin another version"
