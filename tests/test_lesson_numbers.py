"""Every number a lesson quotes beside a figure citation is a number that figure holds.

A lesson that writes "**0.4 s** (figure: llm.ttft_70b)" promises the student that the cited
figure says 0.4 s. This test finds every "N unit (figure: X)" in every shipped lesson (and in
layers.yaml and the scale presets, which teach too), converts the unit to the figure's own and
checks that N lies within the figure's band (or within a few per cent of its value, for the
rounding a sentence needs). Ranges ("1–3 minutes") are checked at both ends. Lessons are
discovered from the lessons folder, never listed here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from desktop import resources
from desktop.core.sim.figures import Figure, shipped_figures

ROOT = Path(__file__).resolve().parents[1]
ROUNDING = 0.06            # "about 0.3 Wh" for 0.3; "1.2 GW" for 1,200 MW; "~0.34" for 0.34

# unit as written in prose -> {figure unit: factor to the figure's unit}
UNITS: dict[str, dict[str, float]] = {
    "ns": {"s": 1e-9}, "µs": {"s": 1e-6, "s/km": 1e-6}, "ms": {"s": 1e-3, "s/token": 1e-3},
    "s": {"s": 1.0, "min": 1 / 60}, "min": {"min": 1.0, "s": 60.0}, "minutes": {"min": 1.0, "s": 60.0},
    "W": {"W": 1.0, "W/rack": 1.0}, "kW": {"W": 1e3, "W/rack": 1e3},
    "MW": {"MW": 1.0, "W": 1e6}, "GW": {"MW": 1e3, "W": 1e9},
    "J": {"J/token": 1.0}, "Wh": {"Wh": 1.0}, "mL": {"mL": 1.0},
    "%": {"fraction": 0.01}, "×": {"factor": 1.0, "ratio": 1.0},
    "TFLOP/s": {"FLOP/s": 1e12}, "PFLOP/s": {"FLOP/s": 1e15},
    "°C": {"degC": 1.0}, "tokens/s": {"tokens/s": 1.0},
}
# A number (or a range) standing on its own (not the 100 of "H100"), an optional unit, then the
# citation, with only Markdown bold (and "at p99") between.
_UNIT_ALTS = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
CITED = re.compile(
    r"(?<![\w.,])(?P<num>\d[\d,]*(?:\.\d+)?(?:\s*[–-]\s*\d[\d,]*(?:\.\d+)?)?)\s*"
    rf"(?P<unit>{_UNIT_ALTS})?\**\s*(?:at p99\s*)?"
    r"\(figures?: (?P<ids>[a-z0-9_.\-]+)\)")
YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")   # "by 2034 (figure: …)" names a year, not a value

UNITLESS = {"ratio", "factor", "RTT", "fraction", "tokens", "GPUs", "parameters",
            "systems/rack", "FLOPs per parameter per token"}


def _texts(node: object, where: str):
    """Every string in a YAML tree, with a readable path to it."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{where}[{i}]")


def _teaching_files() -> list[Path]:
    lessons = sorted((resources.data_root() / "lessons").glob("*.yaml"))
    assert lessons, "no lessons found"
    return [*lessons, resources.data_root() / "layers.yaml", resources.assets_dir() / "scale.yaml"]


def _citations() -> list[tuple[str, str, str, str]]:
    """(where, number text, unit text, figure id) for every numeric citation in the teaching text."""
    found = []
    for path in _teaching_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in _texts(data, path.name):
            flat = " ".join(text.split())
            for m in CITED.finditer(flat):
                if not m.group("unit") and YEAR.match(m.group("num")):
                    continue
                found.append((where, m.group("num"), (m.group("unit") or "").rstrip(".,;:"), m.group("ids")))
    return found


def _numbers(text: str) -> list[float]:
    return [float(part.replace(",", "")) for part in re.split(r"\s*[–-]\s*", text) if part]


def _in_band(value: float, figure: Figure) -> bool:
    low = figure.low if figure.low is not None else figure.value
    high = figure.high if figure.high is not None else figure.value
    return low * (1 - ROUNDING) - 1e-15 <= value <= high * (1 + ROUNDING) + 1e-15


def _problem(where: str, num: str, unit: str, ident: str) -> str:
    figures = shipped_figures()
    if ident not in figures:
        return f"{where}: '{num} {unit}' cites unknown figure '{ident}'"
    figure = figures.get(ident)
    if unit in UNITS:
        factors = UNITS[unit]
        if figure.unit not in factors:
            return f"{where}: '{num} {unit}' cites {ident}, which is in {figure.unit}"
        factor = factors[figure.unit]
    elif figure.unit in UNITLESS or unit == "":
        factor = 1.0
    else:
        return f"{where}: '{num} {unit}' cites {ident} ({figure.unit}); unknown unit '{unit}'"
    for n in _numbers(num):
        if not _in_band(n * factor, figure):
            band = f"{figure.low:g}-{figure.high:g}" if figure.low is not None else f"{figure.value:g}"
            return f"{where}: '{num} {unit}' cites {ident}, which holds {band} {figure.unit}"
    return ""


def test_the_lessons_quote_numbers_beside_their_figures() -> None:
    """The test would be empty if the pattern stopped matching; the lessons cite plenty."""
    assert len(_citations()) >= 30


def test_every_quoted_number_is_held_by_the_figure_it_cites() -> None:
    problems = [p for c in _citations() if (p := _problem(*c))]
    assert problems == []


@pytest.mark.parametrize("text,ok", [
    ("about **0.4 s** (figure: llm.ttft_70b)", True),
    ("about **0.4 s** (figure: llm.tpot)", False),            # a real figure, the wrong number
    ("**1–3 minutes** (figure: cooling.shutdown_dense)", True),
    ("**1–3 minutes** (figure: cooling.loss_ramp)", False),    # the old wrong citation
    ("**835 MW** (figure: pjm.crane)", True),
    ("about **1.2 GW** (figure: stargate.abilene)", True),
    ("up to 700 W (figure: h100.tdp)", True),
    ("8–12 kW (figure: rack.density)", False),                 # no such figure
])
def test_the_checker_catches_wrong_citations(text, ok) -> None:
    [m] = list(CITED.finditer(text))
    problem = _problem("t", m.group("num"), (m.group("unit") or "").rstrip(".,;:"), m.group("ids"))
    assert (problem == "") == ok, problem
