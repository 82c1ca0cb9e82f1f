"""A read-only Markdown pane that never fetches anything: no remote images, no links followed.

Lesson and layer text comes from files anyone can write, so the allow-list that ``check``
applies (``desktop.core.data.markdown_rules``) is enforced again here, whatever the text:
links, images and HTML openers are escaped so they show as written, the Markdown import runs
with HTML switched off, and any anchor or image the importer still made is stripped. Every way
of setting text (``show_markdown``, ``setMarkdown``) goes through ``safe_markdown``.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

_FEATURES = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML


# Every Markdown link, image, autolink or HTML needs one of these (GitHub's bare-URL autolinks
# need '://', 'www.' or an '@'); text with none of them cannot make an anchor, so the common
# case skips the escaping and the walk.
_MAY_LINK = ("[", "]", "<", "@", "://", "www.")


def set_safe_markdown(document: QTextDocument, markdown: str) -> None:
    """Import ``markdown`` into ``document`` under the lesson-text allow-list."""
    lowered = markdown.lower()
    if not any(mark in lowered for mark in _MAY_LINK):
        document.setMarkdown(markdown, _FEATURES)
        return
    from desktop.core.data.markdown_rules import neutralize

    document.setMarkdown(neutralize(markdown), _FEATURES)
    strip_links_and_images(document)


def strip_links_and_images(document: QTextDocument) -> None:
    """Turn every anchor into plain text and every image into the word '[image]'.

    The allow-list's last line of defence: whatever Markdown form made a link (a reference
    definition inside a list, say), it is found here as an anchor in the document."""
    block = document.begin()
    spans: list[tuple[int, int, bool]] = []
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    spans.append((fragment.position(), fragment.length(), True))
                elif fmt.isAnchor() or fmt.anchorHref() or fmt.anchorNames():
                    spans.append((fragment.position(), fragment.length(), False))
            it += 1
        block = block.next()
    if not spans:
        return
    from PySide6.QtGui import QTextCharFormat, QTextCursor   # only when there is work to do

    for position, length, image in reversed(spans):   # back to front: positions stay valid
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.KeepAnchor)
        if image:
            cursor.insertText("[image]", QTextCharFormat())
            continue
        fmt = cursor.charFormat()
        fmt.setAnchor(False)
        fmt.setAnchorHref("")
        fmt.setAnchorNames([])
        fmt.setFontUnderline(False)
        fmt.clearForeground()
        cursor.setCharFormat(fmt)


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

    def setMarkdown(self, markdown: str) -> None:  # noqa: N802 (Qt override: enforce the rules)
        set_safe_markdown(self.document(), markdown)

    def show_markdown(self, title: str, markdown: str) -> None:
        self.setMarkdown(f"## {title}\n\n{markdown}" if title else markdown)
        self.setAccessibleDescription(title)
