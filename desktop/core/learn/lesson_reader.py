"""Reading a lesson file: ``read_lesson(doc, known)`` → a validated ``Lesson`` or problems.

Instructors write lessons without programming, so every problem is reported in one pass as
``path:line:column: message`` through ``Reader``, with "did you mean" suggestions. Nothing heavy
is imported at module import: PyYAML and the stack load only when a file is read.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from desktop.core.data import markdown_rules
from desktop.core.learn.citations import empty_citations, figure_citations, figure_matches
from desktop.core.sim.rho import RHO_RANGE
from desktop.core.learn.lesson_model import (ACTION_KINDS, CHECK_KINDS, LESSONS_FOLDER, LEVELS,
                                             MAX_OPTIONS, MIN_ITEMS, MIN_OPTIONS, REF_KINDS, Action,
                                             Check, Feedback, Lesson, Option, Step)

if TYPE_CHECKING:
    from desktop.core.catalog import Known
    from desktop.core.data.source import Document, Pos, Reader

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REF_SHAPE = re.compile(r"^[a-z]+:\S+$")          # ``kind:id``; text with spaces is plain text


def _suggest(name: str, ids: Sequence[str]) -> str:
    """A hint after an unknown id: a near miss, else a short list of what exists."""
    from desktop.core.data.source import suggest

    # ``dns-server`` → ``dns``: an id the name starts with (or that starts with the name) is
    # closer to what the writer meant than a mere spelling neighbour such as ``server``.
    near = [i for i in ids if i and (name.startswith(i) or i.startswith(name))]
    if near and name:
        best = max(near, key=lambda i: (min(len(i), len(name)), -abs(len(i) - len(name))))
        return f" (did you mean '{best}'?)"
    hint = suggest(name, ids)
    if hint:
        return hint
    if not ids:
        return ""
    head = ", ".join(ids[:3])
    return f" (known: {head}, ...)" if len(ids) > 3 else f" (known: {head})"


class _Validator:
    """The checks that need ``Known``, with the skips the catalogue allows."""

    def __init__(self, doc: Document, known: Known) -> None:
        self.doc = doc
        self.known = known

    def ref(self, ref: str, pos: Pos, where: str, *, plain_ok: bool = False) -> bool:
        kind, sep, ident = ref.partition(":")
        if plain_ok and not _REF_SHAPE.match(ref):
            return True
        if not sep or kind not in REF_KINDS:
            self.doc.problem(pos, f"{where}: '{ref}' is not a reference; write kind:id with kind "
                                  f"one of {', '.join(REF_KINDS)}")
            return False
        if self.known.ref_exists(ref):
            return True
        ids = [r.partition(":")[2] for r in self.known.stack.refs(kind)]
        self.doc.problem(pos, f"{where}: unknown {kind} '{ident}'{_suggest(ident, ids)}")
        return False

    def ident(self, what: str, ident: str, ids: set[str], pos: Pos, where: str) -> None:
        """An id of a catalogue (flow, fault, lens, preset, lesson). An empty catalogue means its
        module is not there yet: skip rather than fail every lesson."""
        if not ident or not ids or ident in ids:
            return
        self.doc.problem(pos, f"{where}: unknown {what} '{ident}'{_suggest(ident, sorted(ids))}")

    def text(self, text: str, pos: Pos, where: str) -> None:
        markdown_rules.report(self.doc, pos, where, text)   # the allow-list (issue 16)
        for _offset in empty_citations(text):
            self.doc.problem(pos, f"{where}: an empty (figure: ) citation; name the figure that "
                                  f"holds the number, such as (figure: pue.industry)")
        names = self.known.figures.names() if self.known.figures is not None else []
        if not names:
            return
        for name in figure_citations(text):
            if not figure_matches(name, names):
                self.doc.problem(pos, f"{where}: unknown figure '{name}' in a (figure: …) citation"
                                      f"{_suggest(name, sorted(names))}")


def _read_action(r: Reader, v: _Validator) -> Action | None:
    present = [k for k in ACTION_KINDS if r.has(k)]
    for key in ACTION_KINDS:      # every allowed key counts as read, so a typo's message lists them
        if not r.has(key):
            r.get(key, object, None, required=False)
    if len(present) != 1:
        found = f"found {', '.join(present)}" if present else "found none"
        r.doc.problem(r.pos, f"{r.where}: must have exactly one of {', '.join(ACTION_KINDS)} ({found})")
        for key in (*present, "play", "at"):
            r.get(key, object, None, required=False)   # read: not also reported as unknown keys
        return None
    kind = present[0]
    # the options that go with one kind only
    play = r.flag("play")
    at = r.number("at", required=False) if r.has("at") else r.get("at", object, None, required=False)
    if r.has("play") and kind != "flow":
        r.doc.problem(r.key_pos("play"), f"{r.where}.play: only a 'flow' action takes 'play'")
    if r.has("at") and kind != "fault":
        r.doc.problem(r.key_pos("at"), f"{r.where}.at: only a 'fault' action takes 'at'"
                                       + ("; a seek names its moment itself: 'seek: 0.35'" if kind == "seek" else ""))
    if at is not None and at < 0:
        r.problem("at", f"{r.where}.at: must be zero or more seconds, found {at:g}")
    pos = r.value_pos(kind)
    where = f"{r.where}.{kind}"
    if kind == "select":
        ref = r.text("select")
        if ref:
            v.ref(ref, pos, where)
        return Action("select", ref=ref)
    if kind == "flow":
        flow = r.text("flow")
        v.ident("flow", flow, v.known.flows, pos, where)
        return Action("flow", flow=flow, play=play)
    if kind == "seek":
        seconds = r.number("seek")
        if seconds < 0:
            r.problem("seek", f"{where}: must be zero or more seconds, found {seconds:g}")
        return Action("seek", at=seconds)
    if kind == "fault":
        fault = r.text("fault")
        v.ident("fault", fault, v.known.faults, pos, where)
        return Action("fault", fault=fault, at=at if at is not None and at >= 0 else None)
    if kind == "lens":
        lens = r.text("lens")
        v.ident("lens", lens, v.known.lenses, pos, where)
        return Action("lens", lens=lens)
    if kind == "load":
        lr = r.child("load")
        flow = lr.text("flow")
        v.ident("flow", flow, v.known.flows, lr.value_pos("flow"), f"{lr.where}.flow")
        # How busy: a utilisation says what the lesson means (the same ρ whatever the flow's
        # capacity); requests per second are kept for lessons written before.
        rps = lr.number("rps", required=False)
        rho = lr.number("utilisation", required=False)
        seconds = lr.number("seconds", required=False)
        if lr.has("rps") == lr.has("utilisation"):
            lr.problem(None if not lr.has("rps") else "utilisation",
                       f"{lr.where}: give utilisation (ρ, from {RHO_RANGE[0]:g} to {RHO_RANGE[1]:g}) "
                       f"or rps, {'not both' if lr.has('rps') else 'one of them'}")
        for key, value in (("rps", rps), ("seconds", seconds)):
            if lr.has(key) and value <= 0:
                lr.problem(key, f"{lr.where}.{key}: must be more than 0, found {value:g}")
        if lr.has("utilisation") and not RHO_RANGE[0] <= rho <= RHO_RANGE[1]:
            lr.problem("utilisation", f"{lr.where}.utilisation: must be from {RHO_RANGE[0]:g} to "
                                      f"{RHO_RANGE[1]:g} (1 = the bottleneck always busy), found {rho:g}")
        lr.done()
        return Action("load", flow=flow, rps=rps, utilisation=rho, seconds=seconds)
    sr = r.child("scale")
    preset = sr.text("preset")
    v.ident("preset", preset, v.known.presets, sr.value_pos("preset"), f"{sr.where}.preset")
    sr.done()
    return Action("scale", preset=preset)


def _read_feedback(r: Reader, keys: tuple[str, ...]) -> Feedback:
    fr = r.child("feedback")
    values = {k: fr.text(k) for k in keys}
    fr.done()
    return Feedback(**values)


def _read_check(r: Reader, v: _Validator) -> Check | None:
    from desktop.core.data.source import Reader

    kind = r.text("kind")
    prompt = r.text("prompt")
    hint = r.text("hint")
    if kind not in CHECK_KINDS:
        if kind:
            r.problem("kind", f"{r.where}.kind: expected one of {', '.join(CHECK_KINDS)}, found '{kind}'")
        return None                          # its other fields depend on the kind: say nothing
    if kind == "choice":
        options: list[Option] = []
        seen: dict[str, int] = {}
        entries = r.items("options")
        for node, pos, where in entries:
            orr = Reader(r.doc, node, where, pos)
            text = orr.text("text")
            correct = orr.flag("correct")
            feedback = orr.text("feedback")
            orr.done()
            if text in seen:
                r.doc.problem(orr.value_pos("text"), f"{where}.text: the same option as line {seen[text]}")
            elif text:
                seen[text] = orr.value_pos("text")[0]
            options.append(Option(text=text, feedback=feedback, correct=correct))
        if r.has("options") and isinstance(r.node.get("options"), list):
            if len(options) < MIN_OPTIONS or len(options) > MAX_OPTIONS:
                r.problem("options", f"{r.where}.options: a choice needs {MIN_OPTIONS} to {MAX_OPTIONS} "
                                     f"options, found {len(options)}")
            if options and not any(o.correct for o in options):
                r.doc.problem(r.pos, f"{r.where}: no correct option; mark the right one with 'correct: true'")
        r.done()
        return Check("choice", prompt, hint, options=tuple(options))
    if kind == "numeric":
        answer = r.number("answer")
        tolerance = r.number("tolerance")
        if r.has("tolerance") and tolerance < 0:
            r.problem("tolerance", f"{r.where}.tolerance: must be 0 or more, found {tolerance:g}")
        for key, value in (("answer", answer), ("tolerance", tolerance)):
            if not math.isfinite(value):
                r.problem(key, f"{r.where}.{key}: must be a finite number")
        unit = r.text("unit")
        feedback = _read_feedback(r, ("correct", "low", "high"))
        r.done()
        return Check("numeric", prompt, hint, answer=answer, tolerance=max(tolerance, 0.0),
                     unit=unit, feedback=feedback)
    items: list[str] = []
    first_at: dict[str, int] = {}
    for item, pos, where in r.items("items"):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            r.doc.problem(pos, f"{where}: expected text or a reference, found "
                               f"{'nothing' if item is None or item == '' else type(item).__name__}")
            continue
        item = item.strip()
        v.ref(item, pos, where, plain_ok=True)
        if item in first_at:
            r.doc.problem(pos, f"{where}: the same item as line {first_at[item]}; items must differ")
        else:
            first_at[item] = pos[0]
        items.append(item)
    if r.has("items") and isinstance(r.node.get("items"), list) and len(r.node["items"]) < MIN_ITEMS:
        r.problem("items", f"{r.where}.items: an order check needs at least {MIN_ITEMS} items, "
                           f"found {len(r.node['items'])}")
    feedback = _read_feedback(r, ("correct", "wrong"))
    r.done()
    return Check("order", prompt, hint, items=tuple(items), feedback=feedback)


def _read_step(r: Reader, pos: Pos, v: _Validator) -> Step:
    title = r.text("title")
    text = r.text("text")
    if text:
        v.text(text, r.value_pos("text"), f"{r.where}.text")
    highlight: list[str] = []
    for item, ipos, where in r.items("highlight", required=False):
        if not isinstance(item, str):
            r.doc.problem(ipos, f"{where}: expected a reference such as component:gpu")
            continue
        if v.ref(item.strip(), ipos, where):
            highlight.append(item.strip())
    action = check = None
    if r.has("action"):
        ar = r.child("action")
        action = _read_action(ar, v) if ar.ok else None
        ar.done()
    else:
        r.child("action", required=False)
    if r.has("check"):
        cr = r.child("check")
        check = _read_check(cr, v) if cr.ok else None
    else:
        r.child("check", required=False)
    return Step(title=title, text=text, highlight=tuple(highlight), action=action, check=check,
                line=pos[0], show=_read_show(r))


def _read_show(r: Reader) -> str:
    """The view the step draws inside itself: one of the closed set in ``views.VIEWS``."""
    from desktop.core.learn.views import VIEW_IDS

    show = r.text("show", required=False)
    if show and show not in VIEW_IDS:
        r.problem("show", f"{r.where}.show: unknown view '{show}'{_suggest(show, list(VIEW_IDS))}; "
                          f"expected one of {', '.join(VIEW_IDS)}")
        return ""
    return show


def _sibling_ids(path: str) -> set[str]:
    """Lesson ids next to this file: prerequisites may name lessons of the same folder."""
    folder = Path(path).parent
    try:
        return {p.stem for p in folder.glob("*.yaml")} if folder.name == LESSONS_FOLDER else set()
    except OSError:
        return set()


def read_lesson(doc: Document, known: Known) -> Lesson | None:
    """Validate one parsed lesson file; every problem goes to ``doc.problems``.

    Returns the lesson, or None when the file has any problem.
    """
    from desktop.core.data.source import Reader, map_list

    if doc.data is None:
        return None
    v = _Validator(doc, known)
    top = Reader(doc, doc.data, "lesson")
    if not top.ok:
        return None
    ident = top.text("id")
    path = Path(doc.path)
    if ident and not _ID.match(ident):
        top.problem("id", f"lesson.id: '{ident}' must be lowercase letters, digits and dashes, "
                          f"such as layer-0-facility")
    elif ident and path.suffix in (".yaml", ".yml") and path.stem != ident:
        top.problem("id", f"lesson.id: '{ident}' must match the file name: rename the file to "
                          f"'{ident}{path.suffix}' or change the id to '{path.stem}'")
    title = top.text("title")
    summary = top.text("summary")
    level = top.text("level")
    if level and level not in LEVELS:
        top.problem("level", f"lesson.level: expected one of {', '.join(LEVELS)}, found '{level}'")
    minutes = top.integer("minutes")
    if type(top.node.get("minutes")) is int and minutes <= 0:
        top.problem("minutes", f"lesson.minutes: must be more than 0, found {minutes}")
    lesson_ids = set(known.lessons) | _sibling_ids(doc.path) if known.lessons else set()
    prerequisites: list[str] = []
    for item, pos, where in top.items("prerequisites"):
        if not isinstance(item, str) or not item.strip():
            doc.problem(pos, f"{where}: expected a lesson id")
            continue
        item = item.strip()
        if item == ident:
            doc.problem(pos, f"{where}: a lesson cannot be its own prerequisite")
            continue
        v.ident("lesson", item, lesson_ids, pos, where)
        prerequisites.append(item)
    steps = map_list(top, "steps", lambda r, pos: _read_step(r, pos, v))
    if top.has("steps") and isinstance(top.node.get("steps"), list) and not top.node["steps"]:
        top.problem("steps", "lesson.steps: a lesson needs at least one step")
    _check_flow_before(doc, top, steps)
    top.done()
    if doc.problems:
        return None
    return Lesson(id=ident, title=title, summary=summary, level=level, minutes=minutes,
                  prerequisites=tuple(prerequisites), steps=tuple(steps), source=doc.path)


def _check_flow_before(doc: Document, top: Reader, steps: list[Step]) -> None:
    """Seeks and faults act on the flow already loaded: a step before must load one."""
    nodes = top.node.get("steps")
    if not isinstance(nodes, list) or len(nodes) != len(steps):
        return
    loaded = False
    for i, (node, step) in enumerate(zip(nodes, steps)):
        action = step.action
        if action is None:
            # an action that could not be read may have been the flow: give it the benefit
            loaded = loaded or (isinstance(node, dict) and "action" in node)
            continue
        if action.kind in ("flow", "load"):
            loaded = True
        elif action.kind in ("seek", "fault") and not loaded:
            act = node["action"]
            doc.problem(act.value_pos.get(action.kind, act.pos),
                        f"lesson.steps[{i}].action.{action.kind}: acts on the loaded flow; load one "
                        f"with 'flow: …' in an earlier step")


