"""Lessons as data: the immutable ``Lesson`` a lesson file becomes (steps, actions, checks).

Only the shapes live here, so the grading, the reader and the panels can share them without
pulling in YAML or the stack. docs/lesson-format.md is the reference for every field.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop import resources

LEVELS = ("beginner", "intermediate", "advanced")
ACTION_KINDS = ("select", "flow", "seek", "fault", "lens", "load", "scale")
CHECK_KINDS = ("choice", "numeric", "order")
REF_KINDS = ("layer", "component", "seam", "osi", "tcpip")   # desktop.core.stack.model.REF_KINDS
MIN_OPTIONS, MAX_OPTIONS = 2, 5
MIN_ITEMS = 2
LESSONS_FOLDER = "lessons"        # inside a folder of this name, the file name must be the id


@dataclass(frozen=True)
class Action:
    """What the app does when the student arrives at a step. Exactly one kind per step.

    ``select``: ``ref``.  ``flow``: ``flow`` and ``play``.  ``seek``: ``at`` (seconds of
    simulated time).  ``fault``: ``fault`` and ``at`` (None = at once).  ``lens``: ``lens``.
    ``load``: ``flow`` and either ``utilisation`` (ρ of the bottleneck) or ``rps``, with an
    optional ``seconds`` (duration).  ``scale``: ``preset``.
    """

    kind: str
    ref: str = ""
    flow: str = ""
    play: bool = False
    at: float | None = None
    fault: str = ""
    lens: str = ""
    rps: float = 0.0
    utilisation: float = 0.0
    seconds: float = 0.0
    preset: str = ""

    @property
    def target(self) -> str:
        """The one id the action names (a ref, a flow, fault, lens or preset id); '' for seek."""
        return {"select": self.ref, "flow": self.flow, "fault": self.fault, "lens": self.lens,
                "load": self.flow, "scale": self.preset}.get(self.kind, "")


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str
    correct: bool = False


@dataclass(frozen=True)
class Feedback:
    """Feedback texts: ``correct`` for numeric and order, ``low``/``high`` numeric, ``wrong`` order."""

    correct: str = ""
    wrong: str = ""
    low: str = ""
    high: str = ""


@dataclass(frozen=True)
class Check:
    """A question. ``choice`` uses ``options``; ``numeric`` uses ``answer``, ``tolerance``,
    ``unit`` and ``feedback.correct/low/high``; ``order`` uses ``items`` (in the correct order)
    and ``feedback.correct/wrong``. Every check has a ``prompt`` and a ``hint``."""

    kind: str
    prompt: str
    hint: str
    options: tuple[Option, ...] = ()
    answer: float = 0.0
    tolerance: float = 0.0
    unit: str = ""
    items: tuple[str, ...] = ()
    feedback: Feedback = field(default_factory=Feedback)

    @property
    def correct_options(self) -> tuple[int, ...]:
        return tuple(i for i, o in enumerate(self.options) if o.correct)

    @property
    def multiple(self) -> bool:
        """True when several options are correct (the panel shows check boxes, not radio buttons)."""
        return len(self.correct_options) > 1

    @property
    def key(self) -> str:
        """A short fingerprint of what counts as right; progress recorded against a different
        key (the lesson file changed) is not credited."""
        if self.kind == "choice":
            basis: Any = [(o.text, o.correct) for o in self.options]
        elif self.kind == "numeric":
            basis = (repr(float(self.answer)), repr(float(self.tolerance)))
        else:
            basis = list(self.items)
        return f"{zlib.crc32(repr((self.kind, self.prompt, basis)).encode('utf-8')):08x}"


@dataclass(frozen=True)
class Step:
    title: str
    text: str                          # Markdown
    highlight: tuple[str, ...] = ()    # refs: layer:…, component:…, seam:…, osi:…, tcpip:…
    action: Action | None = None
    check: Check | None = None
    line: int = 0                      # where the step starts in its file (1-based)
    show: str = ""                     # a view drawn inside the step (desktop.core.learn.views)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    level: str
    minutes: int
    prerequisites: tuple[str, ...]
    steps: tuple[Step, ...]
    source: str = ""                   # the file it was read from

    @property
    def path(self) -> Path:
        return Path(self.source)

    @property
    def check_steps(self) -> tuple[int, ...]:
        """Indexes of the steps that ask a question."""
        return tuple(i for i, s in enumerate(self.steps) if s.check is not None)

    @property
    def shipped(self) -> bool:
        """True for the lessons that come with the app (not the user's own folder)."""
        try:
            return Path(self.source).resolve().parent == resources.lessons_dir().resolve()
        except OSError:
            return False

