"""The welcome card: on first launch, three ways in (watch a request, start lesson 1, the keys).

A self-contained card laid over the window's centre. It never decides what Play or a lesson
does: it emits ``playRequested``, ``lessonRequested`` and ``keysRequested`` and the window
wires them. ``should_show(settings)`` is False once the card has been dismissed, so it shows
on the first launch only, unless asked for again (Help → Welcome).
"""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

SEEN_KEY = "welcome/seen"


def should_show(settings: QSettings) -> bool:
    """True until the student has closed the card once."""
    value = settings.value(SEEN_KEY, False)
    return not (value is True or str(value).lower() in ("true", "1"))


def mark_seen(settings: QSettings) -> None:
    settings.setValue(SEEN_KEY, True)
    settings.sync()


class WelcomeCard(QFrame):
    """Three rows, each a sentence and a button; Esc or Close dismisses it for good."""

    playRequested = Signal()
    lessonRequested = Signal()
    keysRequested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setObjectName("WelcomeCard")
        self.setAccessibleName(self.tr("Welcome"))
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#WelcomeCard { border: 2px solid palette(mid); border-radius: 8px; "
                           "background: palette(base); }")
        self.setFocusPolicy(Qt.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        title = QLabel(self.tr("Welcome to Stackscope"))
        font = title.font()
        font.setPixelSize(max(22, round(font.pixelSize() * 1.6) if font.pixelSize() > 0 else 22))
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        layout.addWidget(title)
        intro = QLabel(self.tr("The column on the left is a whole datacenter, from the power at the "
                               "bottom to AI agents at the top. Three ways in:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.play_button = self._row(layout, self.tr("Watch one tap on Netflix travel down the stack "
                                                     "and back, hop by hop."), self.tr("Play"))
        self.play_button.clicked.connect(lambda: self._go(self.playRequested))
        self.lesson_button = self._row(layout, self.tr("Learn the nine layers with the first lesson, "
                                                       "one short step at a time."), self.tr("Start lesson 1"))
        self.lesson_button.clicked.connect(lambda: self._go(self.lessonRequested))
        self.keys_button = self._row(layout, self.tr("Everything works from the keyboard. F1 lists "
                                                     "the keys at any time."), self.tr("Keys (F1)"))
        self.keys_button.clicked.connect(lambda: self._go(self.keysRequested))
        foot = QHBoxLayout()
        later = QLabel(self.tr("Help → Welcome brings this card back."))
        later.setWordWrap(True)
        foot.addWidget(later, 1)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the welcome card"))
        self.close_button.clicked.connect(self.dismiss)
        foot.addWidget(self.close_button)
        layout.addLayout(foot)
        self.hide()

    def _row(self, layout: QVBoxLayout, text: str, button_text: str) -> QPushButton:
        row = QHBoxLayout()
        row.setSpacing(16)
        label = QLabel(text)
        label.setWordWrap(True)
        row.addWidget(label, 1)
        button = QPushButton(button_text)
        button.setAccessibleDescription(text)
        # Room for the text, the padding and the 2 px focus ring the theme draws.
        button.setMinimumWidth(round(button.fontMetrics().horizontalAdvance(button_text)) + 44)
        row.addWidget(button, 0, Qt.AlignVCenter)
        layout.addLayout(row)
        return button

    def _go(self, signal) -> None:
        self.dismiss()
        signal.emit()

    def place(self) -> None:
        """Centre the card over its parent, at a width that reads well on any screen."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = max(320, min(720, round(parent.width() * 0.6)))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        height = max(height, self.layout().totalHeightForWidth(width))
        height = min(height, parent.height() - 20)
        self.setGeometry((parent.width() - width) // 2, max(10, (parent.height() - height) // 2), width, height)

    def present(self) -> None:
        """Show the card (first launch, or Help → Welcome) and give it the focus."""
        self.place()
        self.raise_()
        self.show()
        self.play_button.setFocus(Qt.OtherFocusReason)

    def dismiss(self) -> None:
        """Hide the card and remember it was seen."""
        self.hide()
        if self._settings is not None:
            mark_seen(self._settings)
        self.dismissed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)
