"""Hypothesis-generated YAML for the safe reader (issue 16): whatever the text, ``parse_text``
returns a document or located problems and never raises; valid YAML reads exactly as PyYAML's
safe loader reads it; a shipped file with random damage never crashes its kind's validator."""
from __future__ import annotations

import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import resources
from desktop.core.catalog import build_known, read_any
from desktop.core.data.source import MAX_INT, MList, MDict, parse_text

LOCATED = re.compile(r"^f\.yaml:[1-9]\d*:[1-9]\d*: \S")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters YAML gives meaning to, plus a few that must be refused (NUL, bidi, a bell)
_YAML_CHARS = st.sampled_from(list("abc019 -:,[]{}&*!|>'\"#%@`?\n\t.\\~<") + ["\x00", "\u202e", "\x07", "é"])
yamlish = st.lists(st.one_of(_YAML_CHARS, st.sampled_from(
    ["&a ", "*a", "<<: ", "!!python/object:os.system ", "---\n", "...\n", "  - ", "key: ", "9" * 80,
     ".inf", "2026-13-45", "0x1F", "1e999", "~", "? "])), max_size=60).map("".join)


def plain(value):
    """MDict/MList as plain dicts and lists, for comparison with yaml.safe_load."""
    if isinstance(value, MDict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, MList):
        return [plain(v) for v in value]
    return value


@FAST
@given(yamlish)
def test_any_text_is_data_or_located_problems(text: str) -> None:
    doc = parse_text(text, "f.yaml")
    for problem in doc.problems:
        assert LOCATED.match(str(problem)), str(problem)
    if not doc.problems:
        assert doc.data is not None


scalars = st.one_of(st.none(), st.booleans(), st.integers(-MAX_INT, MAX_INT),
                    st.floats(allow_nan=False, allow_infinity=False, width=64),
                    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20))
keys = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=10)
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                        st.dictionaries(keys, inner, max_size=5)),
                         max_leaves=30)


@FAST
@given(documents, st.booleans())
def test_valid_yaml_reads_as_pyyaml_reads_it(data, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    doc = parse_text(text, "f.yaml")
    if data is None:                      # "null" on its own is an empty document to us
        assert doc.data is None
        return
    assert doc.problems == [], doc.problems
    assert plain(doc.data) == yaml.safe_load(text)


_SHIPPED = [resources.layers_file(), resources.path("assets", "lenses.yaml"),
            sorted(resources.lessons_dir().glob("*.yaml"))[0]]
_KNOWN: list = []


def _known():
    if not _KNOWN:
        from desktop.core.stack.reader import load_stack_or_raise

        _KNOWN.append(build_known(load_stack_or_raise(resources.layers_file())))
    return _KNOWN[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(_SHIPPED))), st.lists(st.tuples(st.floats(0, 1), yamlish), min_size=1, max_size=4))
def test_damaged_shipped_files_never_crash_their_validator(which: int, edits) -> None:
    text = _SHIPPED[which].read_text(encoding="utf-8")
    for where, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at:]
    doc = parse_text(text, "f.yaml")
    read_any(doc, _known())               # must not raise, whatever the damage
    for problem in doc.problems:
        assert LOCATED.match(str(problem)), str(problem)
