"""A read-only Markdown pane that never fetches anything: no remote images, no links followed."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget


class MarkdownView(QTextBrowser):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(name)
        self.setReadOnly(True)

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt override)
        """Lesson files are plain text we do not trust with the network: load nothing.

        (An empty QByteArray, not None: returning None here corrupts None's refcount in PySide6.)"""
        return QByteArray()

    def show_markdown(self, title: str, markdown: str) -> None:
        self.setMarkdown(f"## {title}\n\n{markdown}" if title else markdown)
        self.setAccessibleDescription(title)
