"""Grading lesson checks: plain functions over the data, so the panel and the ``lesson``
command give the same verdict and the same words.

The verdict line ("✓ Right." / "✗ Not quite.") is composed here, once (``Result.message``): when
the author's own feedback already opens with a verdict ("Not quite. …") it is not said twice.
"""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.learn.lesson_model import Check

if TYPE_CHECKING:
    from desktop.core.stack.model import Stack


@dataclass(frozen=True)
class Result:
    """The outcome of one answer. ``verdict`` is ``correct``, ``wrong``, ``partial`` (some right
    options, none wrong, not all), ``low``, ``high`` or ``invalid`` (nothing chosen, not a number,
    not a permutation of the items: not counted as an attempt)."""

    correct: bool
    feedback: str
    verdict: str

    @property
    def valid(self) -> bool:
        return self.verdict != "invalid"

    @property
    def headline(self) -> str:
        """The verdict shown before the feedback: "✓ Right." / "✗ Not quite." / "" (invalid);
        only the symbol when the author's feedback already opens with a verdict of its own."""
        return verdict_mark(self.correct, self.valid, self.feedback)

    @property
    def message(self) -> str:
        """Headline and feedback as one line of text: what the panel and ``lesson`` print."""
        return f"{self.headline} {self.feedback}".strip()


RIGHT_MARK, WRONG_MARK = "✓ Right.", "✗ Not quite."
# Words an author's feedback may open with that already say the verdict.
_VERDICT_OPENERS = re.compile(r"^\s*(not quite|not really|not yet|right|correct|yes|no|exactly|"
                              r"close|nearly|almost|wrong|well done|good|great|spot on|that's it)\b",
                              re.IGNORECASE)


def verdict_mark(correct: bool, valid: bool, feedback: str = "") -> str:
    """The verdict line for an answer, never doubling the author's own ("Not quite. …")."""
    if not valid:
        return ""
    mark = RIGHT_MARK if correct else WRONG_MARK
    if _VERDICT_OPENERS.match(feedback or ""):
        return mark.split(" ", 1)[0]
    return mark


def _invalid(message: str) -> Result:
    return Result(False, message, "invalid")


def grade(check: Check, answer: Any) -> Result:
    """Grade one answer: choice → iterable of option indexes, numeric → a number (or text, read
    by ``parse_number``), order → the items in the student's order."""
    if check.kind == "choice":
        return _grade_choice(check, answer)
    if check.kind == "numeric":
        return _grade_numeric(check, answer)
    if check.kind == "order":
        return _grade_order(check, answer)
    raise ValueError(f"unknown check kind {check.kind!r}")


def _grade_choice(check: Check, answer: Any) -> Result:
    if isinstance(answer, int) and not isinstance(answer, bool):
        answer = [answer]
    try:
        chosen = sorted({int(i) for i in answer})
    except (TypeError, ValueError):
        return _invalid("Choose an answer first.")
    if not chosen:
        return _invalid("Choose an answer first.")
    if chosen[0] < 0 or chosen[-1] >= len(check.options):
        return _invalid("That option does not exist.")
    right = set(check.correct_options)
    wrong = [i for i in chosen if i not in right]
    if wrong:
        return Result(False, "\n\n".join(check.options[i].feedback for i in wrong), "wrong")
    if set(chosen) != right:
        missing = len(right) - len(chosen)
        more = "one more answer is" if missing == 1 else f"{missing} more answers are"
        text = "\n\n".join(check.options[i].feedback for i in chosen)
        return Result(False, f"{text}\n\nRight so far, but {more} correct too.", "partial")
    return Result(True, "\n\n".join(check.options[i].feedback for i in chosen), "correct")


def parse_number(text: str) -> float | None:
    """A number typed by a student: ``5600``, ``5 600``, ``3.33``, ``3,33``, ``3.8e25``.

    ``5,600`` is ambiguous (5600 or 5.6?) and gives None, as does anything that is not a number.
    """
    s = text.strip().replace("\u2009", "").replace("\u202f", "").replace("\u00a0", "")
    s = s.replace(" ", "").replace("_", "").replace("'", "").replace("\u2212", "-")
    if "," in s:
        if "." in s or s.count(",") > 1 or re.fullmatch(r"[+-]?\d{1,3},\d{3}", s):
            return None
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _grade_numeric(check: Check, answer: Any) -> Result:
    if isinstance(answer, str):
        value = parse_number(answer)
    elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
        value = float(answer)
    else:
        value = None
    if value is None or not math.isfinite(value):
        return _invalid("Type a number, such as 48 or 3.5.")
    slack = 1e-9 * max(1.0, abs(check.answer))       # 3.33 - 0.15 must accept 3.18
    if value < check.answer - check.tolerance - slack:
        return Result(False, check.feedback.low, "low")
    if value > check.answer + check.tolerance + slack:
        return Result(False, check.feedback.high, "high")
    return Result(True, check.feedback.correct, "correct")


def _grade_order(check: Check, answer: Any) -> Result:
    try:
        given = [str(a) for a in answer]
    except TypeError:
        return _invalid("Put all the items in order first.")
    if sorted(given) != sorted(check.items):
        return _invalid("Put all the items in order first.")
    if tuple(given) == check.items:
        return Result(True, check.feedback.correct, "correct")
    return Result(False, check.feedback.wrong, "wrong")


def shuffled_items(check: Check, seed: int | str) -> tuple[str, ...]:
    """The order items as the student first sees them: a deterministic shuffle for ``seed``
    that is never already the correct order (when there are two or more items)."""
    items = list(check.items)
    random.Random(seed).shuffle(items)
    if len(items) >= 2 and tuple(items) == check.items:
        items = items[1:] + items[:1]
    return tuple(items)


def option_order(check: Check, seed: int | str) -> tuple[int, ...]:
    """A deterministic display order for choice options (indexes into ``check.options``)."""
    order = list(range(len(check.options)))
    random.Random(seed).shuffle(order)
    return tuple(order)


def item_label(item: str, stack: Stack) -> str:
    """How an order item is shown: a ref becomes its label, plain text stays as written."""
    return stack.label(item) if stack.find(item) is not None else item



def shown_options(check: Check, seed: int | str) -> list[int]:
    """Option indexes in the order the app lists them (number N on screen = ``[N - 1]``)."""
    return list(option_order(check, seed))


def parse_answer(check: Check, text: str, seed: int | str) -> Any:
    """An answer typed on a command line, as ``grade`` takes it, numbered as the app shows it:
    choice: option numbers (``2`` or ``1,3``) or an option's text; numeric: the number as typed;
    order: item numbers in the student's order (``3,1,2``). ValueError says what was wrong."""
    text = text.strip()
    if check.kind == "numeric":
        return text
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if check.kind == "choice":
        order = shown_options(check, seed)
        if parts and all(p.isdigit() for p in parts):
            numbers = [int(p) for p in parts]
            bad = [n for n in numbers if not 1 <= n <= len(order)]
            if bad:
                raise ValueError(f"there is no option {bad[0]}; the options are 1-{len(order)}")
            return [order[n - 1] for n in numbers]
        wanted = text.casefold()
        matches = [i for i, o in enumerate(check.options) if o.text.casefold() == wanted] or \
                  [i for i, o in enumerate(check.options) if o.text.casefold().startswith(wanted)]
        if len(matches) != 1:
            raise ValueError(f"'{text}' is not one option; give its number (1-{len(order)}) or its text")
        return matches
    shown = shuffled_items(check, seed)
    if not all(p.isdigit() for p in parts):
        raise ValueError(f"give the item numbers in your order, such as {','.join(str(i) for i in range(len(shown), 0, -1))}")
    numbers = [int(p) for p in parts]
    if sorted(numbers) != list(range(1, len(shown) + 1)):
        raise ValueError(f"use each item number 1-{len(shown)} once")
    return [shown[n - 1] for n in numbers]
