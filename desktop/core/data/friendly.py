"""Plain-language messages for the YAML mistakes instructors actually make.

PyYAML says "mapping values are not allowed here" for both an unquoted colon inside a value and a
line that moved; neither tells an author what to type. ``explain`` looks at the text around the
problem and rewrites the message: the line that moved is named and told to "indent this line
like the one above"; a value holding ``": "`` or a bare ``No``/``Yes`` is told to "quote this";
an unknown key gets "did you mean". It only rewrites messages (``desktop.core.data.source`` stays
the one YAML reader), so every loader and ``check`` can pass its problems through it.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Sequence

from desktop.core.data.problems import Problem

# YAML 1.1 reads these bare words as true/false: a country code NO or an answer "Yes" vanishes.
BOOL_WORDS = ("yes", "no", "on", "off", "y", "n", "true", "false")
_UNKNOWN_KEY = re.compile(r"unknown key '([^']+)' \(known: ([^)]*)\)")
_FOUND_BOOL = re.compile(r"found '(true|false)'")
_INDENT_ERRORS = ("mapping values are not allowed", "did not find expected key",
                  "expected <block end>", "could not find expected ':'",
                  "did not find expected '-' indicator", "found character that cannot start")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_indent(line: str) -> int:
    """Where the line's key starts: after the dash of a list item (``  - title:`` → 4)."""
    body = line.lstrip(" ")
    extra = 0
    while body.startswith("- "):
        extra += 2 + len(body[2:]) - len(body[2:].lstrip(" "))
        body = body[2:].lstrip(" ")
    return _indent(line) + extra


def _previous(lines: Sequence[str], index: int) -> int | None:
    """The index of the nearest line above that holds something (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        text = lines[i].strip()
        if text and not text.startswith("#"):
            return i
    return None


def _value_has_colon(line: str) -> bool:
    """``title: Step 1: the grid`` (a second ``": "`` in a plain, unquoted value)."""
    body = line.strip()
    if body.startswith("- "):
        body = body[2:].lstrip()
    key, sep, value = body.partition(": ")
    value = value.strip()
    return bool(sep) and bool(value) and value[0] not in "\"'|>[{" and (": " in value or value.endswith(":"))


def _moved_line(lines: Sequence[str], line: int) -> int | None:
    """The line (1-based) whose indentation breaks the block: the reported one, or the one
    above it when PyYAML noticed only on the next line."""
    for candidate in (line, line - 1):
        i = candidate - 1
        if not 0 <= i < len(lines) or not lines[i].strip():
            continue
        prev = _previous(lines, i)
        if prev is None:
            continue
        here, above = _indent(lines[i]), _key_indent(lines[prev])
        opens_block = lines[prev].rstrip().endswith(":") or lines[prev].strip() in ("-",)
        if here != above and not (opens_block and here > above) and \
                not (lines[i].lstrip().startswith("- ") and here == _indent(lines[prev])):
            return candidate
    return None


def explain_yaml(problem: Problem, text: str) -> Problem:
    """The same problem with a message that says what to change (or itself, unchanged)."""
    msg = problem.message
    lines = text.splitlines()
    if msg.startswith("not valid YAML"):
        i = problem.line - 1
        if 0 <= i < len(lines) and _value_has_colon(lines[i]):
            key = lines[i].strip().lstrip("- ").partition(":")[0]
            return replace(problem, message=f"a value holds ': ', which YAML reads as a new key; "
                                            f"quote this value: {key}: \"…\"")
        if any(e in msg for e in _INDENT_ERRORS):
            moved = _moved_line(lines, problem.line)
            if moved is not None:
                prev = _previous(lines, moved - 1)
                above = _key_indent(lines[prev]) if prev is not None else 0
                here = _indent(lines[moved - 1])
                return Problem(problem.path, moved, here + 1,
                               f"line {moved} is indented {here} space{'s' if here != 1 else ''}, the "
                               f"line above {above}: indent this line like the one above "
                               f"(YAML said: {msg.removeprefix('not valid YAML: ')})")
        return problem
    found = _UNKNOWN_KEY.search(msg)
    if found and "did you mean" not in msg:
        close = difflib.get_close_matches(found.group(1), [k.strip() for k in found.group(2).split(",")], n=1)
        if close:
            return replace(problem, message=msg.replace(found.group(0), found.group(0)[:-1]
                                                        + f"; did you mean '{close[0]}'?)"))
        return problem
    if _FOUND_BOOL.search(msg) and "quote this" not in msg:
        i = problem.line - 1
        word = ""
        if 0 <= i < len(lines):
            word = lines[i][problem.column - 1:].strip().strip(",]}").split()[0] if lines[i][problem.column - 1:].strip() else ""
        if word.lower() in BOOL_WORDS:
            return replace(problem, message=f"{msg}: YAML reads a bare {word} as true or false; "
                                            f"quote this: \"{word}\"")
    return problem


def explain_all(problems: Sequence[Problem], text: str | None) -> list[Problem]:
    """``explain_yaml`` over a file's problems (``text`` None: the file could not be read)."""
    if text is None:
        return list(problems)
    return [explain_yaml(p, text) for p in problems]
