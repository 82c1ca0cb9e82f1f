"""A printable handout of a lesson: its text, a picture of the column where a step shows
something, its checks as exercises, and (teacher copy only) the answers with explanations.

Built Qt-free as a list of ``Block``s so the same plan becomes a PDF (``desktop.ui.export``
paints text and a vector column per figure), Markdown for a terminal, or a test's input.
Lines addressed to the app ("The OSI lens now opens…", "Start the chatbot flow.") are dropped:
on paper nothing opens, and the figure shows what the app would have shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.learn.lessons import (Check, Lesson, Step, figure_citations, figure_matches, option_order,
                                        shuffled_items)
from desktop.core.learn.session import check_item_label, labels_to_hide
from desktop.core.learn.views import mentions_a_plot, view, views_named
from desktop.core.sim.figures import Figures, dated
from desktop.core.stack.model import Stack

_CITE = re.compile(r"\s*\((figures?):\s*([^)]*)\)")

# A sentence addressed to the app, not to the subject: an order to work the app ("Start the
# chatbot flow.", "Watch the latency plot grow.") or a report of what the app just did ("The OSI
# lens now opens…", "The chiller-trip fault is on."). An imperative about the subject itself
# ("Start at the bottom with the building") stays.
_IMPERATIVE = re.compile(r"^\s*(\*\*)?(start|play|open|select|click|double-click|press(?! play on)|pick|drag|"
                         r"answer below|use|turn on|switch|watch|look|keep an eye|follow|find|read|"
                         r"predict what happens)\b", re.IGNORECASE)
_APP_THING = re.compile(r"\b(flows?|plots?|gauges?|event list|inspector|load mode|scale view|preset|lens|panel|tab|"
                        r"token travel|timeline|button|column on the left|lines?\b.*\b(separate|part company))\b",
                        re.IGNORECASE)
_VIEW_PARTS = re.compile(r"\b(the view's|the view below|below, the)\b", re.IGNORECASE)
_APP_REPORT = re.compile(r"\b(now opens|now shows|now sends|is on\.|is loaded|is playing|already switched on|"
                         r"mode (now )?sends)\b", re.IGNORECASE)


def _to_the_app(sentence: str) -> bool:
    # a sentence about a view the app draws ("Below, **Where the time goes** gives…", "a second
    # plot follows…") points at a screen the paper does not have
    return bool(_APP_REPORT.search(sentence) or (_IMPERATIVE.search(sentence) and _APP_THING.search(sentence))
                or views_named(sentence) or mentions_a_plot(sentence) or _VIEW_PARTS.search(sentence))


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*“\"(])")


def strip_citations(text: str) -> str:
    """``(figure: h100.tdp)`` is for authors; students see the numbered sources at the end."""
    return _CITE.sub("", text)


# "The chatbot flow is loaded: the app sends a prompt…" keeps what follows the colon;
# "Switch the scale view to **Crane**, the restarted reactor…" keeps the name and its facts.
_LEAD_IN = re.compile(r"^\s*(the [\w -]+ (flow|fault|preset) is (loaded|on|playing)[^:]*:\s*|"
                      r"(switch|open) the scale view (to|on|with) (the )?(?=[^,:]+[,:]\s))", re.IGNORECASE)


def _drop_app_sentences(line: str) -> str:
    kept = []
    for sentence in _SENTENCE.split(line):
        rest = _LEAD_IN.sub("", sentence, count=1)
        if rest != sentence and rest.strip():
            kept.append(rest[0].upper() + rest[1:])
        elif not _to_the_app(sentence):
            kept.append(sentence)
    return " ".join(kept).strip()


def _paragraphs(text: str) -> list[str]:
    """Markdown lines joined into whole paragraphs and list items (authors wrap long lines)."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            out.append("")
        elif re.match(r"^\s*(?:[-*+]|\d+[.)])\s+", line) or not out or not out[-1]:
            out.append(line.rstrip())
        else:
            out[-1] = f"{out[-1]} {line.strip()}"
    return out


def strip_app_instructions(text: str) -> str:
    """Drop the sentences that talk to the app; keep paragraphs, list items and emphasis."""
    out: list[str] = []
    for line in _paragraphs(text):
        bullet = re.match(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$", line)
        if bullet:
            body = _drop_app_sentences(bullet.group(2))
            if body:
                out.append(bullet.group(1) + body)
            continue
        if not line.strip():
            out.append("")
            continue
        body = _drop_app_sentences(line)
        if body:
            out.append(body)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclass(frozen=True)
class Figure:
    """What the column shows for one step: marked refs, a selection, a lens, a flow's path.
    ``path`` holds the components a loaded flow travels, in order (drawn as active)."""

    highlight: tuple[str, ...] = ()
    select: str = ""
    lens: str = ""
    flow: str = ""
    path: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()
    caption: str = ""
    hide: frozenset[str] = frozenset()   # labels the step's exercise asks for (see session.labels_to_hide)


@dataclass(frozen=True)
class Block:
    """One piece of the handout: ``kind`` is title, meta, heading, text, figure, exercise,
    answer or sources; ``markdown`` its words (a figure's caption), ``figure`` its picture."""

    kind: str
    markdown: str
    figure: Figure | None = None
    step: int = 0


@dataclass
class _State:
    lens: str = ""
    flow: str = ""
    path: tuple[str, ...] = ()
    faults: list[str] = field(default_factory=list)


def _flow_path(flow_id: str, stack: Stack) -> tuple[str, ...]:
    """The components a flow's hops visit, in order (empty if the flow cannot be read)."""
    try:
        from desktop.core.sim.flows import flow_path, read_flow_file

        flow, _problems = read_flow_file(flow_path(flow_id), stack)
    except Exception:  # a handout never fails for a flow it cannot draw
        return ()
    if flow is None:
        return ()
    seen: list[str] = []
    for hop in flow.hops:
        if hop.ref not in seen and stack.find(hop.ref) is not None:
            seen.append(hop.ref)
    return tuple(seen)


def _figure_for(step: Step, state: _State, stack: Stack, first: bool) -> Figure | None:
    """The picture a step deserves, or None when it shows nothing new."""
    a = step.action
    select = ""
    if a is not None:
        if a.kind == "lens":
            state.lens = a.lens
        elif a.kind in ("flow", "load"):
            state.flow, state.faults = a.flow, []
            state.path = _flow_path(a.flow, stack)
        elif a.kind == "fault":
            state.faults.append(a.fault)
        elif a.kind == "select":
            select = a.ref
    shows = bool(step.highlight) or (a is not None and a.kind in ("lens", "flow", "load", "fault", "select"))
    if not shows and not first:
        return None
    highlight = tuple(r for r in step.highlight if stack.find(r) is not None)
    if not highlight and select and stack.find(select) is None:
        select = ""
    parts = []
    if state.flow:
        parts.append(f"the path of the {state.flow.replace('-', ' ')} flow")
    if state.faults:
        parts.append("with " + ", ".join(f.replace("-", " ") for f in state.faults))
    if highlight:
        names = [stack.label(r) for r in highlight[:4]]
        parts.append("marked: " + ", ".join(names) + (" …" if len(highlight) > 4 else ""))
    caption = "The column" + (": " + "; ".join(parts) if parts else "") + "."
    return Figure(highlight=highlight, select=select, lens=state.lens,
                  flow=state.flow, path=state.path if (a is not None and a.kind in ("flow", "load", "fault")) or not highlight else (),
                  faults=tuple(state.faults), caption=caption, hide=labels_to_hide(step))


def _exercise(check: Check, lesson: Lesson, number: int, stack: Stack) -> str:
    lines = [f"**Question.** {strip_citations(check.prompt)}", ""]
    if check.kind == "choice":
        # One marker per option, no list bullet in front of it; the right one is not always first.
        order = option_order(check, f"handout:{lesson.id}:{number}")
        lines += [f"☐ {strip_citations(check.options[i].text)}  " for i in order]
    elif check.kind == "numeric":
        lines.append(f"Your answer: ______________ {check.unit}".rstrip())
    else:
        items = shuffled_items(check, f"handout:{lesson.id}:{number}")
        lines.append("Number these in order (1 = first):")
        lines.append("")
        lines += [f"___ {check_item_label(i, stack)}  " for i in items]
    return "\n".join(lines).rstrip()


def _answer(check: Check, lesson: Lesson, number: int, stack: Stack) -> str:
    lines = ["**Answer.**"]
    if check.kind == "choice":
        for o in (check.options[i] for i in option_order(check, f"handout:{lesson.id}:{number}")):
            mark = "☑" if o.correct else "☐"
            lines.append(f"{mark} {strip_citations(o.text)}: {strip_citations(o.feedback)}  ")
    elif check.kind == "numeric":
        tol = f" (± {check.tolerance:g})" if check.tolerance else ""
        lines.append(f"{check.answer:g} {check.unit}{tol}. {strip_citations(check.feedback.correct)}".strip())
    else:
        lines += [f"{n}. {check_item_label(i, stack)}" for n, i in enumerate(check.items, start=1)]
        if check.feedback.correct:
            lines += ["", strip_citations(check.feedback.correct)]
    if check.hint:
        lines += ["", f"*Hint to give:* {strip_citations(check.hint)}"]
    return "\n".join(lines)


def handout_blocks(lesson: Lesson, stack: Stack, figures: Figures, *, answers: bool = False) -> list[Block]:
    """The handout as blocks, in reading order; ``answers`` makes the teacher copy."""
    level = lesson.level.capitalize()
    blocks = [Block("title", f"# {lesson.title}" + (" (teacher copy)" if answers else "")),
              Block("meta", f"*{level} · about {lesson.minutes} minutes · {len(lesson.steps)} steps*"),
              Block("text", strip_citations(lesson.summary))]
    cited: list[str] = []
    state = _State()
    for number, step in enumerate(lesson.steps, start=1):
        for name in figure_citations(step.text):
            cited.extend(n for n in figure_matches(name, figures.names()) if n not in cited)
        blocks.append(Block("heading", f"## {number}. {step.title}", step=number))
        text = strip_app_instructions(strip_citations(step.text))
        if text:
            blocks.append(Block("text", text, step=number))
        figure = _figure_for(step, state, stack, first=number == 1)
        if figure is not None:
            blocks.append(Block("figure", figure.caption, figure, step=number))
        if step.show:
            shown = view(step.show)
            blocks.append(Block("meta", f"*In the app: {shown.title}, on the {shown.where} tab.*", step=number))
        if step.check is not None:
            blocks.append(Block("exercise", _exercise(step.check, lesson, number, stack), step=number))
            if answers:
                blocks.append(Block("answer", _answer(step.check, lesson, number, stack), step=number))
    if cited:
        rows = []
        for name in cited:
            f = figures.get(name)
            rows.append(f"- **{name}**: {dated(f)}, {f.dated_source()}"
                        + (" (an engineering estimate)" if f.estimate else ""))
        blocks.append(Block("heading", "## Sources of the numbers"))
        blocks.append(Block("sources", "\n".join(rows)))
    footer = ("*Teacher copy: answers and explanations follow each question.*" if answers
              else "*Made with Stackscope. Answers are checked in the app's lesson mode.*")
    blocks.append(Block("meta", "---\n\n" + footer))
    return blocks


def handout_markdown(lesson: Lesson, stack: Stack, figures: Figures, *, answers: bool = False) -> str:
    """The handout as Markdown (a figure becomes its caption in italics)."""
    parts = []
    for b in handout_blocks(lesson, stack, figures, answers=answers):
        parts.append(f"*Figure: {b.markdown}*" if b.kind == "figure" else b.markdown)
    return "\n\n".join(parts)
