"""``Panel``: one tab of the window, as a small class (Mu's modes).

A panel declares what it is as class attributes — its ``key`` (the state's mode while it
shows), ``title``, ``shortcut``, whether selecting on the column keeps it in front
(``keeps_focus``), the ``render`` options it understands and the keys it documents — and is
listed once in ``desktop.ui.panels.PANELS``. It is built from the ``AppState`` alone: it reads
the state, subscribes to the state's events and calls the state's methods. It never looks up
another panel or the window.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    import argparse

    from desktop.app.state import AppState


def tr(context: str, text: str) -> str:
    """Translate ``text``; pyside6-lupdate finds the literal call sites that use
    ``QCoreApplication.translate`` directly, this is for strings held in class attributes."""
    return QCoreApplication.translate(context, text)


MIN_COMBO_CHARS = 12


class Panel(QWidget):
    key: ClassVar[str] = ""
    title: ClassVar[str] = ""            # translated with the "Panels" context
    shortcut: ClassVar[str] = ""
    keeps_focus: ClassVar[bool] = False
    render_options: ClassVar[tuple[str, ...]] = ()
    keys: ClassVar[tuple[tuple[str, str], ...]] = ()   # (key, what it does) for Help → Keyboard

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setObjectName(f"{self.key}-panel")

    def settle(self) -> None:
        """Once built: no picker may widen the panel over the column. A combo box asks for the
        width of its longest item; let it ask for a short one and use the row it is given."""
        from PySide6.QtWidgets import QComboBox

        for combo in self.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(MIN_COMBO_CHARS)

    def save_path(self, title: str, suggested: str, kinds: str):
        """Ask where to save an export (``path`` given by a caller wins); None if cancelled."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getSaveFileName(self, title, suggested, kinds)
        return Path(chosen) if chosen else None

    @classmethod
    def display_title(cls) -> str:
        return tr("Panels", cls.title)

    def left_page(self) -> QWidget | None:
        """A view that replaces the column while this panel shows (the scale strip), or None."""
        return None

    def shown(self) -> None:
        """The panel's tab came to the front (load what it needs to be useful at once)."""

    def apply_render(self, args: argparse.Namespace) -> None:
        """Apply this panel's ``render`` command-line options (see ``render_options``)."""

    def set_theme(self, theme) -> None:
        """Restyle what the application palette does not reach (plots, painted views)."""
