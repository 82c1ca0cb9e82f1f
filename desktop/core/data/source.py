"""YAML with positions: parse safely and remember where every key and value stood.

``yaml.safe_load`` throws positions away; error messages that say "line 14, column 9" need them.
``parse`` composes the document with PyYAML's safe loader and builds plain ``dict``/``list``
subclasses that carry the (1-based) line and column of each key and value. ``Reader`` then walks
a mapping field by field, recording a ``Problem`` for every missing field, wrong type or unknown
key instead of raising, so one pass reports everything.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml

from desktop.core.data.problems import Problem

T = TypeVar("T")
Pos = tuple[int, int]


# libyaml's composer is several times faster and gives the same marks; fall back to pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MDict(dict):
    """A mapping that knows where it, its keys and its values are."""

    pos: Pos = (1, 1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_pos: dict[Any, Pos] = {}
        self.value_pos: dict[Any, Pos] = {}


class MList(list):
    """A sequence that knows where it and each item are."""

    pos: Pos = (1, 1)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_pos: list[Pos] = []


def _pos(node: yaml.Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


class Document:
    """One parsed file: its data (or None) and the problems met while reading it."""

    def __init__(self, path: str | Path, data: Any, problems: list[Problem]) -> None:
        self.path = str(path)
        self.data = data
        self.problems = problems
        self._scalars: yaml.SafeLoader | None = None

    @property
    def scalars(self) -> yaml.SafeLoader:
        """One constructor per document for plain values (ints, floats, dates, text)."""
        if self._scalars is None:
            self._scalars = yaml.SafeLoader("")
        return self._scalars

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], message))


def _build(node: yaml.Node, doc: Document) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = MDict()
        out.pos = _pos(node)
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                doc.problem(_pos(key_node), "merge keys (<<) are not supported; write the fields out")
                continue
            key = _build(key_node, doc)
            if isinstance(key, (MDict, MList)):
                doc.problem(_pos(key_node), "a key must be a plain word, not a mapping or a list")
                continue
            if key in out:
                first = out.key_pos[key]
                doc.problem(_pos(key_node), f"duplicate key '{key}' (first at line {first[0]})")
                continue
            out[key] = _build(value_node, doc)
            out.key_pos[key] = _pos(key_node)
            out.value_pos[key] = _pos(value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = MList()
        seq.pos = _pos(node)
        for item in node.value:
            seq.append(_build(item, doc))
            seq.item_pos.append(_pos(item))
        return seq
    try:
        return doc.scalars.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        doc.problem(_pos(node), f"cannot read this value: {exc.problem}")
        return None


def parse_text(text: str, path: str | Path) -> Document:
    """Parse YAML text; syntax errors become problems with the position PyYAML reports."""
    doc = Document(path, None, [])
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or "not valid YAML").strip()
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1]:
            message += " (a tab character: indent with spaces only)"
        doc.problems.append(Problem(doc.path, line, col, f"not valid YAML: {message}"))
        return doc
    except yaml.YAMLError as exc:  # reader errors: bad bytes, control characters
        doc.problems.append(Problem(doc.path, 1, 1, f"not valid YAML: {exc}"))
        return doc
    if node is None:
        doc.problems.append(Problem(doc.path, 1, 1, "the file is empty"))
        return doc
    doc.data = _build(node, doc)
    return doc


def parse_file(path: str | Path) -> Document:
    """Read and parse a file; an unreadable file is a problem, not an exception."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Document(path, None, [Problem(str(path), 1, 1, f"not UTF-8 text ({exc.reason})")])
    except OSError as exc:
        return Document(path, None, [Problem(str(path), 1, 1, f"cannot read file: {exc.strerror or exc}")])
    return parse_text(text, path)


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping"}


def _type_ok(value: Any, kind: type) -> bool:
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


class Reader:
    """Read the fields of one mapping, recording problems instead of raising.

    Every accessor returns a usable default when the field is missing or wrong, so the caller's
    code stays straight-line; ``done()`` reports keys nobody asked for (typos, mostly).
    """

    def __init__(self, doc: Document, node: Any, where: str, pos: Pos | None = None) -> None:
        self.doc = doc
        self.where = where
        self.ok = isinstance(node, MDict)
        self.node: MDict = node if self.ok else MDict()
        self.pos: Pos = getattr(node, "pos", None) or pos or (1, 1)
        self._seen: set[str] = set()
        if not self.ok:
            self.doc.problem(self.pos, f"{where}: expected a mapping of fields, found {_describe(node)}")

    # positions -----------------------------------------------------------------------------
    def key_pos(self, key: str) -> Pos:
        return self.node.key_pos.get(key, self.pos)

    def value_pos(self, key: str) -> Pos:
        return self.node.value_pos.get(key, self.pos)

    def problem(self, key: str | None, message: str) -> None:
        pos = self.value_pos(key) if key is not None else self.pos
        self.doc.problem(pos, message)

    # fields --------------------------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.node

    def get(self, key: str, kind: type[T], default: T, *, required: bool = True) -> T:
        self._seen.add(key)
        if key not in self.node:
            if required and self.ok:
                self.doc.problem(self.pos, f"{self.where}: missing field '{key}'")
            return default
        value = self.node[key]
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if kind is float and isinstance(value, str):
            value = _yaml11_float(value)
        if not _type_ok(value, kind):
            self.doc.problem(self.value_pos(key),
                             f"{self.where}.{key}: expected {_TYPE_NAMES.get(kind, kind.__name__)}, "
                             f"found {_describe(value)}")
            return default
        if kind is float:
            return float(value)  # type: ignore[return-value]
        if kind is str:
            value = value.strip()
            if required and not value:
                self.doc.problem(self.value_pos(key), f"{self.where}.{key}: must not be empty")
        return value

    def text(self, key: str, default: str = "", *, required: bool = True) -> str:
        return self.get(key, str, default, required=required)

    def integer(self, key: str, default: int = 0, *, required: bool = True) -> int:
        return self.get(key, int, default, required=required)

    def number(self, key: str, default: float = 0.0, *, required: bool = True) -> float:
        return self.get(key, float, default, required=required)

    def flag(self, key: str, default: bool = False, *, required: bool = False) -> bool:
        return self.get(key, bool, default, required=required)

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        items = self.get(key, list, MList(), required=required)
        out: list[str] = []
        for i, item in enumerate(items):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str):
                self.doc.problem(self.item_pos(items, i),
                                 f"{self.where}.{key}[{i}]: expected text, found {_describe(item)}")
                continue
            out.append(item.strip())
        return tuple(out)

    def items(self, key: str, *, required: bool = True) -> list[tuple[Any, Pos, str]]:
        """The items of a list field with their positions and a readable path for messages."""
        seq = self.get(key, list, MList(), required=required)
        return [(item, self.item_pos(seq, i), f"{self.where}.{key}[{i}]") for i, item in enumerate(seq)]

    def child(self, key: str, *, required: bool = True) -> "Reader":
        self._seen.add(key)
        if key not in self.node:
            if required and self.ok:
                self.doc.problem(self.pos, f"{self.where}: missing field '{key}'")
            empty = Reader.__new__(Reader)
            empty.doc, empty.where, empty.ok = self.doc, f"{self.where}.{key}", False
            empty.node, empty.pos, empty._seen = MDict(), self.pos, set()
            return empty
        return Reader(self.doc, self.node[key], f"{self.where}.{key}", self.value_pos(key))

    @staticmethod
    def item_pos(seq: Any, i: int) -> Pos:
        positions = getattr(seq, "item_pos", None)
        if positions and i < len(positions):
            return positions[i]
        return getattr(seq, "pos", (1, 1))

    def done(self) -> None:
        """Report every key that no accessor read: almost always a typo."""
        if not self.ok:
            return
        for key in self.node:
            if key not in self._seen:
                known = ", ".join(sorted(self._seen))
                self.doc.problem(self.key_pos(key), f"{self.where}: unknown key '{key}' (known: {known})")


def _yaml11_float(text: str) -> Any:
    """YAML 1.1 reads ``7e-9`` (no dot) as text; accept it as the number anyone means by it."""
    try:
        return float(text.replace("_", ""))
    except ValueError:
        return text


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "..."
        return f"text '{short}'"
    return f"'{value}'"


def check_unique(doc: Document, entries: Iterable[tuple[str, Pos]], what: str) -> None:
    """Report every id that appears more than once, at its second and later places."""
    seen: dict[str, Pos] = {}
    for ident, pos in entries:
        if not ident:
            continue
        if ident in seen:
            doc.problem(pos, f"duplicate {what} id '{ident}' (first at line {seen[ident][0]})")
        else:
            seen[ident] = pos


def suggest(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else a short list of what is known."""
    import difflib

    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    if len(known) <= 12:
        return f" (known: {', '.join(known)})"
    return ""


def map_list(reader: Reader, key: str, build: Callable[[Reader, Pos], T | None], *,
             required: bool = True) -> list[T]:
    """Build one object per mapping in a list field, skipping entries that could not be read."""
    out: list[T] = []
    for node, pos, where in reader.items(key, required=required):
        r = Reader(reader.doc, node, where, pos)
        built = build(r, pos)
        r.done()
        if built is not None:
            out.append(built)
    return out
