"""Lesson text is Markdown from an allow-list: words, emphasis, lists, code, headings, tables.

The app runs offline in front of a class and lesson files come from anyone, so lesson text may
not carry anything that fetches, navigates or hides content: no raw HTML at all (``<img>``,
``<iframe>``, ``<style>@import …``, comments), no images, no links in any Markdown form (inline
``[a](b)``, reference-style ``[a][b]`` and ``[b]: url`` definitions, autolinks ``<http://…>``
and ``<a@b.c>``, bare URLs and ``www.`` that GitHub-flavoured Markdown turns into links, e-mail
addresses). Every check is case-insensitive: ``HTTP://`` is a URL too.

``problems(text)`` is what ``check`` and the lesson loader report (one message per kind of
offence); ``desktop/ui/markdown_view.py`` enforces the same rules again at display (no HTML,
anchors and images stripped), so a file that skipped ``check`` still shows nothing it should not.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.core.data.source import Document, Pos

# (pattern, message); the order is the order messages are reported in
_RULES: list[tuple[str, str]] = [
    (r"!\[", "images are not allowed in lesson text"),
    # raw HTML (CommonMark's open/close tags, comments, declarations, processing instructions)
    # and autolinks (<scheme:…>, <a@b>): anything from '<' followed by a letter, '/', '!' or '?'
    (r"(?i)<[a-z/!?]",
     "raw HTML (and <…> autolinks) are not allowed in lesson text; write plain Markdown"),
    (r"(?m)\]\s*\(|\]\[|^[ \t]{0,3}\[[^\]\n]+\]:",
     "links are not allowed in lesson text; the app runs offline, so name the source in words"),
    (r"(?i)(?<![\w/])[a-z][a-z0-9+.-]{1,31}://|(?<![\w.])www\.[a-z0-9-]"
     r"|\b(?:mailto|javascript|vbscript|data|file|tel):[^\s]",
     "web addresses are not allowed in lesson text; the app runs offline, so name the source in words"),
    (r"(?i)[\w.+-]+@[a-z0-9-]+\.[a-z0-9.-]*[a-z]",
     "e-mail addresses are not allowed in lesson text (Markdown turns them into links)"),
]


def problems(text: str) -> list[str]:
    """Why ``text`` is not allowed as lesson text: one message per rule it breaks ([] if fine)."""
    if not isinstance(text, str):
        return []
    return [message for pattern, message in _RULES if re.search(pattern, text)]   # re caches them


def report(doc: Document, pos: Pos, where: str, text: str) -> None:
    """Record every problem of one lesson text at ``pos`` (the lesson loader's one-line hook)."""
    for message in problems(text):
        doc.problem(pos, f"{where}: {message}")


def neutralize(text: str) -> str:
    """The text with every link, image and HTML opener escaped, so Markdown shows it literally.

    Used at display time before the (HTML-free) Markdown import, whose anchors and images are
    then stripped as well; escaping first keeps the student's view readable ("![x](y)" shows as
    written rather than vanishing)."""
    text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
    text = text.replace("![", "!\\[")
    text = re.sub(r"\](?=\s*[(\[])", r"\\]", text)
    text = re.sub(r"^([ \t]{0,3})\[(?=[^\]\n]+\]:)", r"\1\\[", text, flags=re.MULTILINE)
    return text
