"""Figure citations in lesson text: ``(figure: name)`` and ``(figures: a, b)``.

One home for the citation pattern, so the reader that validates lessons, the handout and the
``check`` command agree on what counts as a citation (and on an empty one being a mistake).
"""
from __future__ import annotations

import fnmatch
import re
from typing import Iterable

_FIGURE_CITE = re.compile(r"\((figures?):\s*([^)]*)\)")
_FIGURE_NAME = re.compile(r"^[A-Za-z0-9_.*-]+$")


def figure_citations(text: str) -> list[str]:
    """The figure names a text cites as ``(figure: name, …)`` or ``(figures: a, b)``.

    With ``figure:`` only the first name counts (the rest may be prose, such as an author);
    a name may be a group prefix (``rack.density``) or a glob (``dean-norvig.*``).
    """
    out: list[str] = []
    for m in _FIGURE_CITE.finditer(text):
        parts = [p.strip() for p in m.group(2).split(",")]
        names = parts[:1] if m.group(1) == "figure" else parts
        out.extend(n for n in names if n and _FIGURE_NAME.match(n))
    return out


def figure_matches(name: str, known: Iterable[str]) -> list[str]:
    """The figures a cited name stands for: itself, a group (``rack.density`` →
    ``rack.density.*`` and ``rack.density_*``) or a glob."""
    known = list(known)
    if "*" in name or "?" in name:
        return [k for k in known if fnmatch.fnmatchcase(k, name)]
    if name in known:
        return [name]
    return [k for k in known if k.startswith(name + ".") or k.startswith(name + "_")]




def empty_citations(text: str) -> list[int]:
    """Offsets of citations that name nothing, ``(figure: )``: the reader refuses them, since a
    citation that names no figure looks sourced to a student and is not."""
    return [m.start() for m in _FIGURE_CITE.finditer(text)
            if not any(p.strip() for p in m.group(2).split(","))]
