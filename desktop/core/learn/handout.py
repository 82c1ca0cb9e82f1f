"""A printable handout of a lesson: its text, the figures it cites, its checks without answers.

Built as Markdown so the same words can become a PDF (Qt prints it in the UI), be read in a
terminal, or be tested without Qt. Answers are left out on purpose: the handout is for students.
"""
from __future__ import annotations

import re

from desktop.core.sim.figures import Figures, dated
from desktop.core.learn.lessons import Lesson, figure_citations, figure_matches, item_label, shuffled_items
from desktop.core.stack.model import Stack

_CITE = re.compile(r"\s*\((figures?):\s*([^)]*)\)")


def strip_citations(text: str) -> str:
    """``(figure: h100.tdp)`` is for authors; students see the numbered sources at the end."""
    return _CITE.sub("", text)


def handout_markdown(lesson: Lesson, stack: Stack, figures: Figures) -> str:
    parts = [f"# {lesson.title}",
             f"*{lesson.level.capitalize()} · about {lesson.minutes} minutes · {len(lesson.steps)} steps*",
             lesson.summary]
    cited: list[str] = []
    for number, step in enumerate(lesson.steps, start=1):
        for name in figure_citations(step.text):
            cited.extend(n for n in figure_matches(name, figures.names()) if n not in cited)
        parts.append(f"## {number}. {step.title}")
        parts.append(strip_citations(step.text))
        check = step.check
        if check is None:
            continue
        parts.append(f"**Question.** {check.prompt}")
        if check.kind == "choice":
            parts.append("\n".join(f"- ☐ {o.text}" for o in check.options))
        elif check.kind == "numeric":
            parts.append(f"Your answer: ______________ {check.unit}")
        else:
            items = shuffled_items(check, f"handout:{lesson.id}:{number}")
            parts.append("Put in order (1 = first):\n\n" + "\n".join(f"- ___ {item_label(i, stack)}" for i in items))
    if cited:
        parts.append("## Sources of the numbers")
        parts.append("\n".join(f"- **{name}**: {dated(figures.get(name))} — "
                               f"{figures.get(name).dated_source()}" + (" (an engineering estimate)" if figures.get(name).estimate else "")
                               for name in cited))
    parts.append("---\n*Made with Stackscope. Answers are checked in the app's lesson mode.*")
    return "\n\n".join(parts)
