"""The views a lesson step can show inside itself (a step's ``show:`` field), in one place.

A step that says "watch Where the time goes" while the student sits on the Lessons tab points
at a plot on another tab; with ``show: waterfall`` the lesson panel draws that view under the
step's text instead. This closed set is what the reader accepts, what the lesson panel knows how
to build, what the handout names, and what the lint in tests/test_lesson_views.py looks for in a
step's text: each view carries the title the app gives it and the phrases that refer to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """One view of the app a step may show. ``title`` is what the app calls it (the tab or the
    plot's heading); ``phrases`` (lowercase) are what a step's text says when it means it."""

    id: str
    title: str
    where: str                  # the panel that has it, for a sentence such as "the Flow tab's …"
    phrases: tuple[str, ...]


VIEWS: tuple[View, ...] = (
    View("waterfall", "Where the time goes", "Flow",
         ("where the time goes", "waterfall")),
    View("energy", "Energy", "Flow",
         ("energy view", "energy plot", "energy tab", "energy per hop")),
    View("headers", "Headers", "Flow",
         ("headers view", "headers tab", "header inspector", "headers inspector")),
    View("load-curve", "The hockey stick", "Load",
         ("hockey stick", "latency against utilisation")),
    View("load-run", "This run over time", "Load",
         ("run over time",)),
)
VIEW_IDS: tuple[str, ...] = tuple(v.id for v in VIEWS)
_BY_ID = {v.id: v for v in VIEWS}

# Any mention of a plot is a mention of some view: a step that speaks of one must show it, or
# the student is sent to look for something on another tab (or something that no longer exists).
_MARKS = re.compile(r"[*_`\"“”‘’]")
_PLOT = re.compile(r"\bplot(?:s|ted)?\b", re.IGNORECASE)


def view(ident: str) -> View:
    """The view with this id (KeyError for one the app does not have)."""
    return _BY_ID[ident]


def views_named(text: str) -> tuple[str, ...]:
    """The ids of the views ``text`` refers to by name, in ``VIEWS`` order."""
    low = " ".join(_MARKS.sub("", text).lower().split())    # **Energy** view → energy view
    return tuple(v.id for v in VIEWS if any(p in low for p in v.phrases))


def mentions_a_plot(text: str) -> bool:
    """True when ``text`` speaks of a plot, named or not."""
    return bool(_PLOT.search(text))


def unshown_view(text: str, show: str) -> str:
    """Why a step with this text and this ``show`` sends the student elsewhere ('' when it does
    not): it names a view it does not show, or speaks of a plot and shows none."""
    named = views_named(text)
    others = [i for i in named if i != show]
    if others:
        titles = ", ".join(f"'{view(i).title}'" for i in others)
        return (f"names {titles} but shows {('view ' + repr(show)) if show else 'no view'}; "
                f"add 'show: {others[0]}'" + (" or name only the view it shows" if show else ""))
    if not show and mentions_a_plot(text):
        return ("speaks of a plot but shows none; add 'show:' with one of "
                f"{', '.join(VIEW_IDS)} and name it, or say what the column shows")
    return ""
