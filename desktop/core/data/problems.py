"""Located problems in data files: ``path:line:column: message``.

Loaders never raise on bad input; they collect every problem they find in one pass so an
instructor fixing a file sees all of them at once, the way a compiler reports errors.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DataError(Exception):
    """Raised by ``load_*_or_raise`` helpers when a file has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def or_raise(value, problems: list[Problem]):
    """``value`` from a ``(value, problems)`` loader, or a ``DataError`` listing the problems:
    the shipped catalogues use it, since a broken shipped file is a bug, not user input."""
    if value is None:
        raise DataError(problems)
    return value
