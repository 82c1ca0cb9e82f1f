"""The inspector: what the selected thing is, its promise, how it leaks, its budget, examples."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.core.stack.describe import describe
from desktop.core.stack.model import Stack
from desktop.ui.markdown_view import MarkdownView


class Inspector(QWidget):
    def __init__(self, stack: Stack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.title = ""
        self.view = MarkdownView("Inspector")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.show_ref(None)

    def show_ref(self, ref: str | None) -> None:
        self.title, markdown = describe(self.stack, ref or "")
        self.view.show_markdown(self.title, markdown)

    def show_text(self, title: str, markdown: str) -> None:
        """Anything else worth explaining (a flow event, a fault step) uses the same pane."""
        self.title = title
        self.view.show_markdown(title, markdown)

    def plain_text(self) -> str:
        return self.view.toPlainText()
