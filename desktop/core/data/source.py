"""YAML with positions, read safely: the one reader every data file goes through.

``yaml.safe_load`` throws positions away; error messages that say "line 14, column 9" need them.
``parse_file`` reads the bytes through ``files.read_bytes`` (regular files only, size capped
before reading, so a FIFO, a device or a folder named ``x.yaml`` is a problem, never a hang), and
``parse_text`` builds plain ``dict``/``list`` subclasses that carry the (1-based) line and column
of each key and value straight from libyaml's event stream, without recursion and within limits:
at most ``MAX_NODES`` values counting what aliases expand to (a "billion laughs" stops at once),
``MAX_DEPTH`` levels, whole numbers within ``MAX_INT`` and no more than ``MAX_NUMBER_CHARS``
characters, finite floats, no tags. Anything that goes wrong inside reading is a located
``Problem``, never an exception. ``Reader`` then walks a mapping field by field, recording a
``Problem`` for every missing field, wrong type or unknown key instead of raising, so one pass
reports everything; ``check_unique`` also holds every id to the character set of docs/ids.md.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml

from desktop.core.data.files import MAX_FILE_BYTES, read_bytes
from desktop.core.data.problems import Problem

T = TypeVar("T")
Pos = tuple[int, int]


# libyaml's parser (C) gives the same marks several times faster; fall back to pure Python.
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


def _pos(node: Any) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


# --- limits --------------------------------------------------------------------------------
# Every data file the app ships is a few kilobytes with a few thousand values, nested a handful
# of levels deep. The limits sit far above that and far below what could hurt: a file is read
# only if it is a regular file (a FIFO or a device never ends), at most MAX_FILE_BYTES
# (``files.read_bytes``), with at
# most MAX_NODES values nested at most MAX_DEPTH deep (libyaml's own composer recurses in C and
# crashes the process on a few hundred thousand nested brackets, so we never call it), aliases
# counted as the values they expand to (nine nested aliases of nine make a billion values).
MAX_NODES = 50_000              # the largest shipped file holds about 1,400
MAX_DEPTH = 64
MAX_INT = 10 ** 18                # whole numbers beyond this are typos, and cost to print
MAX_NUMBER_CHARS = 64             # a plain number longer than this is refused before conversion

_ID_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9])?$")
ID_RULE = ("ASCII letters, digits, '-', '_' and '.', starting and ending with a letter or digit, "
           "at most 64 characters (see docs/ids.md)")

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


class Document:
    """One parsed file: its data (or None) and the problems met while reading it."""

    def __init__(self, path: str | Path, data: Any, problems: list[Problem]) -> None:
        self.path = str(path)
        self.data = data
        self.problems = problems
        self._scalars: yaml.SafeLoader | None = None
        # single-word texts that had spaces around them (stripped by ``Reader``): an id among
        # them is refused by ``check_unique``
        self.padded: set[str] = set()

    @property
    def scalars(self) -> yaml.SafeLoader:
        """One constructor per document for plain values (ints, floats, dates, text)."""
        if self._scalars is None:
            self._scalars = yaml.SafeLoader("")
        return self._scalars

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], message))


class _Stop(Exception):
    """A limit was hit: the problem is recorded, the document is dropped."""


def _scalar(event: Any, doc: Document, tag: str) -> Any:
    """Construct one scalar the way PyYAML's safe loader would, within the number limits."""
    if tag == _STR_TAG:
        return event.value                      # what SafeConstructor does, without the detour
    loader = doc.scalars
    pos = _pos(event)
    if tag in (_INT_TAG, _FLOAT_TAG) and len(event.value) > MAX_NUMBER_CHARS:
        doc.problem(pos, f"a number of {len(event.value)} characters is too long "
                         f"(at most {MAX_NUMBER_CHARS})")
        return None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        doc.problem(pos, f"cannot read this value: {exc.problem}")
        return None
    except Exception as exc:  # ValueError from int(), dates out of range, ...: never a crash
        doc.problem(pos, f"cannot read this value: {exc}")
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        doc.problem(pos, f"the number {event.value} is too large (at most {MAX_INT:.0e})")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        doc.problem(pos, f"'{event.value}' is not a finite number")
        return None
    return value


def _compose(loader: Any, doc: Document) -> Any:
    """Build MDict/MList/scalars straight from the parser's events, without recursion.

    Raises ``_Stop`` (problem recorded) at an alias loop, over-deep nesting or too many values
    (aliases counted expanded); YAML syntax errors propagate as PyYAML raises them.
    """
    stack: list[list[Any]] = []        # [container, pending key, key pos, key ok]
    root: Any = None
    have_root = False
    count = 0
    anchors: dict[str, tuple[Any, int | None]] = {}     # anchor -> (value, values it holds)

    def attach(value: Any, pos: Pos) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, MList):
            container.append(value)
            container.item_pos.append(pos)
            return
        if frame[1] is _NO_KEY:                       # this value is a key
            frame[1], frame[2], frame[3] = value, pos, True
            if isinstance(value, (MDict, MList)):
                doc.problem(pos, "a key must be a plain word, not a mapping or a list")
                frame[3] = False
            elif value is _MERGE:
                doc.problem(pos, "merge keys (<<) are not supported; write the fields out")
                frame[3] = False
            elif value in container:
                first = container.key_pos[value]
                doc.problem(pos, f"duplicate key '{value}' (first at line {first[0]})")
                frame[3] = False
            return
        key, key_pos, ok = frame[1], frame[2], frame[3]
        frame[1] = _NO_KEY
        if ok:
            container[key] = value
            container.key_pos[key] = key_pos
            container.value_pos[key] = pos

    resolve = doc.scalars.resolve
    scalar_node = yaml.ScalarNode
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            count += 1
            if count > MAX_NODES:
                doc.problem(_pos(event), f"too many values in one file (more than {MAX_NODES})")
                raise _Stop
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(scalar_node, event.value, event.implicit)
            if tag == _MERGE_TAG and stack and isinstance(stack[-1][0], MDict) and stack[-1][1] is _NO_KEY:
                attach(_MERGE, _pos(event))
                continue
            value = _scalar(event, doc, tag)
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            attach(value, (event.start_mark.line + 1, event.start_mark.column + 1))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            count += 1
            if count > MAX_NODES:
                doc.problem(_pos(event), f"too many values in one file (more than {MAX_NODES})")
                raise _Stop
            if len(stack) >= MAX_DEPTH:
                doc.problem(_pos(event), f"nested more than {MAX_DEPTH} levels deep")
                raise _Stop
            mapping = kind is yaml.MappingStartEvent
            if event.tag not in (None, "!", _MAP_TAG if mapping else _SEQ_TAG):
                doc.problem(_pos(event), f"YAML tags ({event.tag}) are not supported")
            container = MDict() if mapping else MList()
            container.pos = _pos(event)
            if event.anchor:
                anchors[event.anchor] = (container, None)   # open: an alias to it now is a loop
            stack.append([container, _NO_KEY, None, False, event.anchor, count])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = stack.pop()
            container, anchor, start = frame[0], frame[4], frame[5]
            if anchor:
                anchors[anchor] = (container, count - start + 1)
            attach(container, container.pos)
        elif kind is yaml.AliasEvent:
            # An alias shares the anchored value (no copy), but counts as many values as the
            # anchor holds: nested aliases multiply, so a "billion laughs" stops at MAX_NODES.
            anchored = anchors.get(event.anchor)
            if anchored is None:
                doc.problem(_pos(event), f"unknown alias '*{event.anchor}' (no '&{event.anchor}' before it)")
                raise _Stop
            if anchored[1] is None:
                doc.problem(_pos(event), f"the alias '*{event.anchor}' is inside its own anchor")
                raise _Stop
            count += anchored[1]
            if count > MAX_NODES:
                doc.problem(_pos(event), f"aliases expand to too many values (more than {MAX_NODES}); "
                                         f"write the values out")
                raise _Stop
            attach(anchored[0], _pos(event))
        elif kind is yaml.StreamEndEvent:
            return root
        elif kind is yaml.DocumentStartEvent and have_root:
            doc.problem(_pos(event), "expected a single document in the file, found another here")
            raise _Stop


_NO_KEY = object()
_MERGE = object()


def parse_text(text: str, path: str | Path) -> Document:
    """Parse YAML text; syntax errors become problems with the position PyYAML reports.

    Never raises: whatever goes wrong inside reading is a located problem."""
    doc = Document(path, None, [])
    if len(text) > MAX_FILE_BYTES:
        doc.problem((1, 1), f"the file is too large ({len(text)} characters; at most {MAX_FILE_BYTES})")
        return doc
    loader = None
    try:
        loader = _LOADER(text)
        data = _compose(loader, doc)
    except _Stop:
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or "not valid YAML").strip()
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1]:
            message += " (a tab character: indent with spaces only)"
        doc.problems.append(Problem(doc.path, line, col, f"not valid YAML: {message}"))
        return doc
    except yaml.reader.ReaderError as exc:  # control characters, bad bytes
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        doc.problems.append(Problem(doc.path, line, col, f"not valid YAML: the character {what} "
                                                         f"is not allowed ({exc.reason})"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(doc.path, 1, 1, f"not valid YAML: {exc}"))
        return doc
    except Exception as exc:  # MemoryError, RecursionError, a PyYAML bug: a problem, not a crash
        doc.problems.append(Problem(doc.path, 1, 1, f"cannot read this file: {type(exc).__name__}: {exc}"))
        return doc
    finally:
        if loader is not None:
            try:
                loader.dispose()
            except Exception:
                pass
    if data is None and not doc.problems:
        doc.problems.append(Problem(doc.path, 1, 1, "the file is empty"))
        return doc
    doc.data = data
    return doc


def parse_file(path: str | Path) -> Document:
    """Read and parse a file; an unreadable file is a problem, not an exception."""
    raw, problem = read_bytes(path)
    if raw is None:
        return Document(path, None, [problem] if problem else [])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Document(path, None, [Problem(str(path), 1, 1, f"not UTF-8 text ({exc.reason})")])
    return parse_text(text, path)


def id_problem(ident: str) -> str:
    """'' if ``ident`` is a valid id, else why not (the rule is documented in docs/ids.md)."""
    if _ID_RE.match(ident):
        return ""
    bad = next((c for c in ident if not (c.isascii() and (c.isalnum() or c in "-_."))), None)
    if bad is not None:
        shown = bad if bad.isprintable() and not bad.isspace() else ""
        name = f"U+{ord(bad):04X}" + (f" '{shown}'" if shown else "")
        return f"id '{ident.encode('ascii', 'backslashreplace').decode()}' has the character {name}; ids use {ID_RULE}"
    return f"id '{ident}' does not follow the rule: {ID_RULE}"


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
            stripped = value.strip()
            if stripped != value and stripped and not any(c.isspace() for c in stripped):
                if key == "id":
                    self.doc.problem(self.value_pos(key), f"{self.where}.id: '{stripped}' has spaces "
                                                          f"around it; write it without")
                else:
                    self.doc.padded.add(stripped)    # an id named otherwise: check_unique says so
            value = stripped
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
    if len(text) > MAX_NUMBER_CHARS:
        return text
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return text
    return value if math.isfinite(value) else text


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
    """Report every id that appears more than once, at its second and later places, and every
    id outside the documented character set (docs/ids.md): no spaces around it, no bidi
    controls, no emoji, nothing a reader could mistake for another id."""
    seen: dict[str, Pos] = {}
    for ident, pos in entries:
        if not ident or not isinstance(ident, str):
            continue
        if ident in doc.padded:
            doc.problem(pos, f"{what} id '{ident}' has spaces around it; write it without")
        why = id_problem(ident)
        if why:
            doc.problem(pos, f"{what} {why}")
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
