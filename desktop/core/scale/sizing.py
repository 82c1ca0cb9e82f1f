"""Electrons to tokens: the scale model, from megawatts at the meter to prompts per day.

The model walks up the column the way an operator provisions a site, then turns to what the site
delivers. Every number comes from a named figure (``assets/figures.yaml``) or from the user's own
input, and every step says which. Nothing here imports Qt; one evaluation is plain arithmetic
(a few tens of microseconds) so the UI can re-run it on every slider move.

Power convention (one rule, used both ways)
-------------------------------------------
PUE is taken in its standard sense, and the project's rule ``facility power = IT power × PUE``
holds exactly::

    IT power             = meter power / PUE
    UPS + distribution   = dist.losses × IT power          (part of the PUE overhead)
    cooling and other    = meter − IT − UPS/distribution   (the rest of the PUE overhead)

UPS and distribution losses are therefore *inside* the PUE overhead, not taken a second time
(the Green Grid defines PUE with IT power measured after the UPS, so its losses are overhead).
IT power never exceeds meter power because PUE ≥ 1 is enforced. If PUE is so low that it leaves
less than ``dist.losses`` for the losses (below ≈ 1.07), the losses are clamped to the whole
overhead, cooling gets nothing, and the result carries the flag ``pue-below-losses``.

Racks
-----
The hall's cooling sets how many watts one rack may draw: ``cooling.air_limit`` (≈ 25 kW, band
20–30 kW) for air; for direct-to-chip liquid, ``cooling.liquid_rack_power`` (≈ 140 kW), which is
not a limit of liquid cooling but the power of the densest rack shipped (a GB200 NVL72), the rack
a liquid hall in this view is built for. A rack-scale
system (GB200 NVL72) *is* one rack; an air-cooled hall cannot host it and the result says so
(flag ``cooling-too-weak``, no racks). Chassis systems (DGX) are packed ``floor(limit / system
power)`` per rack, capped by ``dgx.per_rack_max`` (a grade C space estimate). Then::

    rack power = systems per rack × system max power
    racks      = floor(IT power / rack power)        (whole, full racks; the rest is stranded)

Every system is assumed to draw its maximum power: the provisioning view. Network gear outside
the systems is not modelled.

What the racks deliver
----------------------
Inference is one chain, so its two answers can never disagree::

    tokens/s     = accelerator power × utilisation / (J per output token of the chosen model)
    prompts/day  = tokens/s × 86 400 / tokens per prompt

* The **model** is a choice (``scale.yaml`` ``models``): each names its J/token figure, the batch
  that figure assumes and what energy it counts (the ML.ENERGY 8B figure is GPU energy only at
  batch 64; the 70B figure is a grade C estimate from the chatbot flow's own numbers). A 70B
  model serves about fourteen times fewer tokens per second than an 8B one on the same site.
* **Utilisation** is the share of the accelerators' rated power spent serving (default
  ``gpu.power_share``: measured H100 nodes drew about 76 % of their rating), not 100 %.
* **Tokens per prompt** (default ``llm.tokens_per_prompt``, ML.ENERGY's chat mean) turns tokens
  into prompts.
* Both answers are **upper bounds**: every GPU serves all day at the measured batch, and the host,
  network and idle capacity draw no share of the token energy.
* For comparison only, the energy per prompt at the GPUs is shown beside a published per-prompt
  figure (``llm.energy.gemini`` by default), which counts the whole system.

Training: run compute = ``train.flops_rule`` × parameters × tokens (defaults: Llama 3 405B on
15.6 T tokens); accelerator-hours = compute / (peak FLOP/s × MFU); days = accelerator-hours /
accelerators / 24. Llama 3 405B on 16,384 H100s at 40 % MFU gives ≈ 68 days.

Backwards
---------
``for_prompts_per_day`` and ``for_training_days`` find the smallest whole number of full racks
that meets the goal and return the forward result at the meter power that feeds exactly those
racks (``racks × rack power × PUE``), so forward and backward invert each other up to one rack.
"""
from __future__ import annotations

from functools import lru_cache

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from desktop import resources
from desktop.core.sim.figures import Figure, Figures, check_figure_ref, shipped_figures
from desktop.core.data.problems import DataError, Problem, or_raise
from desktop.core.data.source import Document, Pos, Reader, check_unique, map_list, parse_file, suggest

SCHEMA_VERSION = 1
COOLING = {"air": "cooling.air_limit", "liquid": "cooling.liquid_rack_power"}
WORKLOADS = ("inference", "training")
PROMPT_FIGURES = ("llm.energy.gemini", "llm.energy.gpt4o", "llm.energy.chatgpt")
# Figures the rules themselves use (not chosen per preset or system).
DIST_LOSSES = "dist.losses"
UTILISATION = "gpu.power_share"       # default: measured share of rated power (Brookhaven 2025)
TOKENS_PER_PROMPT = "llm.tokens_per_prompt"   # default: ML.ENERGY chat mean output length
DEFAULT_MODEL = "8b"
ENERGY_SCOPES = ("gpu", "system", "unstated")
_SECONDS_PER_DAY = 86_400.0
_J_PER_WH = 3600.0
FLOPS_RULE = "train.flops_rule"
TTFT = "llm.ttft"
TPOT = "llm.tpot"
PRICE_NOTE = ("No sourced price per million tokens exists in the project's figures, so the scale "
              "view shows none rather than invent one.")
RULE_FIGURES = (DIST_LOSSES, UTILISATION, TOKENS_PER_PROMPT, FLOPS_RULE, TTFT, TPOT, *COOLING.values(),
                *PROMPT_FIGURES, "llama3.params", "llama3.tokens", "llama3.mfu", "pue.industry")
_EPS = 1e-9
_HOURS = 24.0

Value = float | str
"""An input: a number typed by the user, or the name of the figure it comes from."""


# --- data: systems and presets ---------------------------------------------------------------
@dataclass(frozen=True)
class System:
    """One buildable unit of compute, with its figures already resolved to numbers."""

    id: str
    name: str
    accelerator: str
    accelerators: int            # per system: the product's definition (8 in a DGX, 72 in an NVL72)
    accelerator_w: float
    power_w: float               # maximum power of one system
    flops: float                 # peak dense BF16 FLOP/s per accelerator
    cooling: str                 # what the vendor designs it for: air | liquid
    rack_scale: bool             # True: the system is a whole rack
    per_rack_max: int            # chassis per rack at most (1 for rack-scale systems)
    summary: str
    figures: dict[str, str]      # role -> figure name: accelerator_power, power, flops, per_rack_max

    @property
    def accelerators_w(self) -> float:
        """Power of the system's accelerators at full load (8 × 700 W = 5.6 kW in a DGX H100)."""
        return self.accelerators * self.accelerator_w

    @property
    def other_w(self) -> float:
        """The rest of the system's maximum power: CPUs, memory, NICs, fans, power supplies."""
        return self.power_w - self.accelerators_w


@dataclass(frozen=True)
class Model:
    """A served model, as far as energy goes: its J/token figure and what that figure assumes."""

    id: str
    name: str
    j_per_token: str             # figure name, J per output token
    batch: int                   # conversations served at once when the figure was measured
    energy: str                  # what the figure counts: gpu | system | unstated
    measured_on: str             # figure name of the accelerator power it was measured on
    summary: str

    def scope_text(self) -> str:
        return {"gpu": "GPU energy only", "system": "whole-system energy",
                "unstated": "energy scope not stated"}[self.energy]


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    summary: str
    mw: str                      # figure name
    pue: str                     # figure name
    system: str
    cooling: str
    workload: str
    behind_the_meter: bool = False
    meter_note: str = ""         # what the meter number means here ("if all of it fed one campus")


@dataclass
class ScaleData:
    """The validated contents of scale.yaml, bound to the figures they were checked against."""

    systems: dict[str, System]
    presets: dict[str, Preset]
    figures: Figures
    source: str = ""
    models: dict[str, Model] = field(default_factory=dict)

    def model(self, ident: str) -> Model:
        try:
            return self.models[ident]
        except KeyError:
            raise ValueError(f"model: unknown model '{ident}'{suggest(ident, self.models)}") from None

    def system(self, ident: str) -> System:
        try:
            return self.systems[ident]
        except KeyError:
            raise ValueError(f"unknown system '{ident}'{suggest(ident, self.systems)}") from None

    def preset(self, ident: str) -> Preset:
        try:
            return self.presets[ident]
        except KeyError:
            raise ValueError(f"unknown preset '{ident}'{suggest(ident, self.presets)}") from None


# --- inputs and results -------------------------------------------------------------------
@dataclass(frozen=True)
class ScaleInputs:
    """What the user chose. A ``Value`` that is text names the figure it comes from.

    ``cooling=None`` means "what the system is designed for". Change one input with
    ``dataclasses.replace(inputs, pue=1.2)``: a number replaces the figure it came from.
    """

    meter_mw: Value = 0.0
    pue: Value = "pue.industry"
    system: str = "dgx-h100"
    cooling: str | None = None
    workload: str = "inference"
    prompt_energy: str = "llm.energy.gemini"      # only compared with, never used for prompts/day
    model: str = DEFAULT_MODEL
    utilisation: Value = UTILISATION
    tokens_per_prompt: Value = TOKENS_PER_PROMPT
    params: Value = "llama3.params"
    tokens: Value = "llama3.tokens"
    mfu: Value = "llama3.mfu"
    preset: str | None = None


@dataclass(frozen=True)
class Step:
    """One rung of the column, drawn on its side: MW → racks → GPUs → tokens."""

    key: str
    layer: int
    label: str
    value: float
    unit: str
    figures: tuple[str, ...]
    inputs: tuple[str, ...] = ()     # inputs the user typed (not figures) that this step used
    estimate: bool = False           # a grade C figure, or a figure used beyond what it measured
    note: str = ""
    view: str = "operator"           # operator | user

    def to_dict(self) -> dict[str, Any]:
        value = self.value if math.isfinite(self.value) else None
        return {"key": self.key, "layer": self.layer, "label": self.label, "value": value,
                "unit": self.unit, "figures": list(self.figures), "inputs": list(self.inputs),
                "estimate": self.estimate, "note": self.note, "view": self.view}


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str                    # error | warning | info
    message: str


@dataclass(frozen=True)
class ScaleResult:
    inputs: ScaleInputs
    direction: str                   # forward | backward
    workload: str
    system: str
    cooling: str
    feasible: bool
    # operator's view
    meter_mw: float
    pue: float
    cooling_overhead_mw: float       # cooling and other facility overhead
    dist_losses_mw: float            # UPS and distribution losses (inside the PUE overhead)
    it_mw: float                     # IT power the meter can feed: meter / PUE
    rack_limit_kw: float             # what the cooling lets one rack draw
    systems_per_rack: int
    rack_kw: float
    racks: int
    systems: int
    accelerators: int
    it_installed_mw: float           # racks × rack power (≤ it_mw)
    stranded_mw: float               # IT power left over: less than one rack
    accelerator_mw: float
    # inference (None for training)
    tokens_per_s: float | None
    prompts_per_day: float | None
    model: str
    utilisation: float
    tokens_per_prompt: float
    # training (None for inference)
    run_flops: float | None
    accelerator_hours: float | None
    training_days: float | None
    run_energy_mwh: float | None
    # user's view
    ttft_s: float
    tpot_s: float
    price_per_million_tokens: None
    price_note: str
    steps: tuple[Step, ...]
    flags: tuple[Flag, ...]
    figures_used: tuple[str, ...]
    target: dict[str, float] = field(default_factory=dict)
    target_met: bool | None = None

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def has_flag(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)

    def to_dict(self, figures: Figures | None = None) -> dict[str, Any]:
        """Plain data for ``--json`` and exports; with ``figures``, each used figure is cited."""
        out: dict[str, Any] = {
            "direction": self.direction, "preset": self.inputs.preset, "workload": self.workload,
            "system": self.system, "cooling": self.cooling, "feasible": self.feasible,
            "meter_mw": self.meter_mw, "pue": self.pue,
            "cooling_overhead_mw": self.cooling_overhead_mw, "dist_losses_mw": self.dist_losses_mw,
            "it_mw": self.it_mw, "rack_limit_kw": self.rack_limit_kw,
            "systems_per_rack": self.systems_per_rack, "rack_kw": self.rack_kw, "racks": self.racks,
            "systems": self.systems, "accelerators": self.accelerators,
            "it_installed_mw": self.it_installed_mw, "stranded_mw": self.stranded_mw,
            "accelerator_mw": self.accelerator_mw, "model": self.model,
            "utilisation": self.utilisation, "tokens_per_prompt": self.tokens_per_prompt,
            "upper_bounds": ["tokens_per_s", "prompts_per_day"] if self.workload == "inference" else [],
            "tokens_per_s": self.tokens_per_s,
            "prompts_per_day": self.prompts_per_day, "run_flops": self.run_flops,
            "accelerator_hours": self.accelerator_hours, "training_days": self.training_days,
            "run_energy_mwh": self.run_energy_mwh, "ttft_s": self.ttft_s, "tpot_s": self.tpot_s,
            "price_per_million_tokens": self.price_per_million_tokens, "price_note": self.price_note,
            "target": dict(self.target), "target_met": self.target_met,
            "flags": [{"code": f.code, "severity": f.severity, "message": f.message} for f in self.flags],
            "steps": [s.to_dict() for s in self.steps],
            "figures_used": list(self.figures_used),
        }
        if figures is not None:
            out["figures"] = {name: _figure_dict(figures.get(name)) for name in self.figures_used}
        return out


def _figure_dict(f: Figure) -> dict[str, Any]:
    return {"value": f.value, "unit": f.unit, "grade": f.grade, "estimate": f.estimate,
            "year": f.year, "source": f.source, "note": f.note, "low": f.low, "high": f.high}


# --- reading scale.yaml ----------------------------------------------------------------------
def _figure_field(r: Reader, key: str, figures: Figures, units: tuple[str, ...],
                  *, required: bool = True) -> str:
    """A field naming a figure: it must exist and be in one of ``units``."""
    name = r.text(key, required=required)
    if not name:
        return ""
    where = f"{r.where}.{key}"
    if not check_figure_ref(figures, r.doc, r.value_pos(key), name, where):
        return ""
    unit = figures.get(name).unit
    if unit not in units:
        r.problem(key, f"{where}: figure '{name}' is in {unit}, expected {' or '.join(units)}")
        return ""
    return name


def _choice(r: Reader, key: str, allowed: Iterable[str], default: str) -> str:
    allowed = tuple(allowed)
    value = r.text(key, default)
    if value and value not in allowed:
        r.problem(key, f"{r.where}.{key}: expected one of {', '.join(allowed)}, found '{value}'")
        return default
    return value


def _system(r: Reader, _pos: Pos, figures: Figures) -> System:
    ident = r.text("id")
    count = r.integer("accelerators", 0)
    if r.has("accelerators") and count < 1:
        r.problem("accelerators", f"{r.where}.accelerators: a system holds at least one accelerator, found {count}")
    acc = _figure_field(r, "accelerator_power", figures, ("W",))
    power = _figure_field(r, "power", figures, ("W",))
    flops = _figure_field(r, "flops", figures, ("FLOP/s",))
    cooling = _choice(r, "cooling", COOLING, "air")
    rack_scale = r.flag("rack_scale")
    cap = _figure_field(r, "per_rack_max", figures, ("systems/rack",), required=not rack_scale)
    if rack_scale and r.has("per_rack_max"):
        r.problem("per_rack_max", f"{r.where}: a rack-scale system is one rack; drop per_rack_max")
    system = System(id=ident, name=r.text("name"), accelerator=r.text("accelerator"),
                    accelerators=count, accelerator_w=figures[acc] if acc else 0.0,
                    power_w=figures[power] if power else 0.0, flops=figures[flops] if flops else 0.0,
                    cooling=cooling, rack_scale=rack_scale,
                    per_rack_max=1 if rack_scale else (int(figures[cap]) if cap else 1),
                    summary=r.text("summary"),
                    figures={"accelerator_power": acc, "power": power, "flops": flops,
                             **({"per_rack_max": cap} if cap else {})})
    if acc and power and count >= 1 and system.accelerators_w > system.power_w:
        r.problem("power", f"{r.where}: {count} × {system.accelerator_w:g} W of accelerators "
                           f"({system.accelerators_w / 1000:g} kW) exceed the system's maximum "
                           f"power ({system.power_w / 1000:g} kW, {power})")
    air = figures[COOLING["air"]] if COOLING["air"] in figures else math.inf
    if power and cooling == "air" and system.power_w > air:
        r.problem("cooling", f"{r.where}.cooling: one {system.name or ident} draws "
                             f"{system.power_w / 1000:g} kW, more than air cooling handles per rack "
                             f"({air / 1000:g} kW, {COOLING['air']}); it needs liquid")
    return system


def _model(r: Reader, _pos: Pos, figures: Figures) -> Model:
    batch = r.integer("batch", 0)
    if r.has("batch") and batch < 1:
        r.problem("batch", f"{r.where}.batch: the batch the figure assumes is at least 1, found {batch}")
    return Model(id=r.text("id"), name=r.text("name"),
                 j_per_token=_figure_field(r, "j_per_token", figures, ("J/token",)),
                 batch=batch, energy=_choice(r, "energy", ENERGY_SCOPES, "unstated"),
                 measured_on=_figure_field(r, "measured_on", figures, ("W",)),
                 summary=r.text("summary"))


def _preset(r: Reader, _pos: Pos, figures: Figures) -> Preset:
    preset = Preset(id=r.text("id"), name=r.text("name"), summary=r.text("summary"),
                    mw=_figure_field(r, "mw", figures, ("MW",)),
                    pue=_figure_field(r, "pue", figures, ("ratio",)),
                    system=r.text("system"), cooling=_choice(r, "cooling", COOLING, "air"),
                    workload=_choice(r, "workload", WORKLOADS, "inference"),
                    behind_the_meter=r.flag("behind_the_meter"),
                    meter_note=r.text("meter_note", required=False))
    if preset.pue and figures[preset.pue] < 1:
        r.problem("pue", f"{r.where}.pue: PUE cannot be below 1, '{preset.pue}' is {figures[preset.pue]:g}")
    return preset


def read_scale_data(doc: Document, known: Any = None) -> ScaleData | None:
    """Validate a parsed scale.yaml; ``known`` needs only ``.figures`` (None: shipped figures)."""
    if doc.data is None:
        return None
    figures: Figures = getattr(known, "figures", None) or shipped_figures()
    top = Reader(doc, doc.data, "scale.yaml")
    version = top.integer("version", SCHEMA_VERSION)
    if top.has("version") and version != SCHEMA_VERSION:
        top.problem("version", f"version {version} is not supported (this app reads version {SCHEMA_VERSION})")
    for name in RULE_FIGURES:
        if name not in figures:
            top.problem(None, f"scale.yaml: the scale rules need figure '{name}', which is missing "
                              "from the figures file")
    models = map_list(top, "models", lambda r, p: _model(r, p, figures))
    check_unique(doc, ((m.id, _id_pos(n, p)) for m, (n, p, _w) in zip(models, top.items("models"))), "model")
    if models and DEFAULT_MODEL not in {m.id for m in models}:
        top.problem("models", f"scale.yaml.models: the default model '{DEFAULT_MODEL}' is missing")
    systems = map_list(top, "systems", lambda r, p: _system(r, p, figures))
    system_items = top.items("systems")
    check_unique(doc, ((s.id, _id_pos(n, p)) for s, (n, p, _w) in zip(systems, system_items)), "system")
    by_id = {s.id: s for s in systems if s.id}

    built: list[tuple[Preset, Reader]] = []

    def build_preset(r: Reader, pos: Pos) -> Preset:
        preset = _preset(r, pos, figures)
        built.append((preset, r))
        return preset

    map_list(top, "presets", build_preset)
    check_unique(doc, ((p.id, r.value_pos("id")) for p, r in built), "preset")
    for preset, r in built:
        system = by_id.get(preset.system)
        if system is None:
            if preset.system:
                r.problem("system", f"{r.where}.system: unknown system '{preset.system}'{suggest(preset.system, by_id)}")
            continue
        message = cooling_problem(system, preset.cooling, figures)
        if message:
            r.problem("cooling", f"{r.where}.cooling: {message}")
    top.done()
    if doc.problems:
        return None
    return ScaleData(systems=by_id, presets={p.id: p for p, _r in built}, figures=figures,
                     source=doc.path, models={m.id: m for m in models})


def _id_pos(node: Any, pos: Pos) -> Pos:
    return getattr(node, "value_pos", {}).get("id", pos)


def cooling_problem(system: System, cooling: str, figures: Figures) -> str:
    """Why a hall with this cooling cannot host this system, or '' if it can."""
    limit_name = COOLING[cooling]
    limit = figures[limit_name]
    if system.power_w > limit:
        kind = "rack" if system.rack_scale else "system"
        fix = " choose liquid cooling" if cooling == "air" else ""
        article = "an" if cooling[0] in "aeiou" else "a"
        return (f"{article} {cooling}-cooled hall cannot host a {system.power_w / 1000:g} kW {system.name} "
                f"{kind}: {cooling} cooling tops out at about {limit / 1000:g} kW per rack "
                f"({limit_name}){';' + fix if fix else ''}")
    return ""


def default_path() -> Path:
    return resources.path("assets", "scale.yaml")


def load_scale(path: str | Path | None = None, figures: Figures | None = None
               ) -> tuple[ScaleData | None, list[Problem]]:
    doc = parse_file(path or default_path())
    data = read_scale_data(doc, _FiguresOnly(figures) if figures is not None else None)
    return data, sorted(doc.problems)


@dataclass
class _FiguresOnly:
    figures: Figures


@lru_cache(maxsize=1)
def shipped_scale() -> ScaleData:
    """The shipped presets and systems, loaded once; raises DataError if the file is broken."""
    return or_raise(*load_scale(default_path()))


def _raw_ids(section: str) -> list[str]:
    doc = parse_file(default_path())
    items = doc.data.get(section) if isinstance(doc.data, dict) else None
    return [i["id"] for i in items or [] if isinstance(i, dict) and isinstance(i.get("id"), str)]


def preset_ids() -> list[str]:
    """Ids lessons may name in ``scale: {preset: …}``; read even from a file with problems."""
    try:
        return list(shipped_scale().presets)
    except DataError:
        return _raw_ids("presets")


def model_ids() -> list[str]:
    """The models ``scale --model`` and the view offer, in file order (``8b`` first)."""
    try:
        return list(shipped_scale().models)
    except DataError:
        return _raw_ids("models")


def system_ids() -> list[str]:
    try:
        return list(shipped_scale().systems)
    except DataError:
        return _raw_ids("systems")


@dataclass(frozen=True)
class ServingInput:
    """One serving input a view must show beside the result: its default and where it comes from."""

    key: str                     # the ScaleInputs field: model | utilisation | tokens_per_prompt
    label: str
    default: float | str
    figure: str                  # the figure the default comes from ("" for the model choice)
    low: float | None = None     # allowed range for a number input
    high: float | None = None
    note: str = ""


def model_choices(data: ScaleData | None = None) -> list[tuple[str, str]]:
    """(id, label) for a model picker, e.g. ("8b", "Llama 3.1 8B: 0.12 J/token at batch 64, GPU only")."""
    data = data or shipped_scale()
    f = data.figures
    out = []
    for m in data.models.values():
        tag = " (estimate)" if f.get(m.j_per_token).estimate else ""
        out.append((m.id, f"{m.name}: {f[m.j_per_token]:g} J/token at batch {m.batch}, "
                          f"{m.scope_text()}{tag}"))
    return out


def serving_inputs(data: ScaleData | None = None) -> tuple[ServingInput, ...]:
    """The three inference inputs the scale view shows, with their sourced defaults."""
    data = data or shipped_scale()
    f = data.figures
    return (
        ServingInput("model", "Model", DEFAULT_MODEL, "", note="sets the J per output token"),
        ServingInput("utilisation", "Utilisation", f[UTILISATION], UTILISATION, 0.01, 1.0,
                     "share of the GPUs' rated power spent serving; not 100 %"),
        ServingInput("tokens_per_prompt", "Tokens per prompt", f[TOKENS_PER_PROMPT], TOKENS_PER_PROMPT,
                     1.0, None, "output tokens per answer; prompts/day = tokens/s × 86,400 ÷ this"),
    )


# --- building inputs -------------------------------------------------------------------------
def inputs_for_preset(preset_id: str, data: ScaleData | None = None, **overrides: Any) -> ScaleInputs:
    """The inputs a preset stands for; ``overrides`` replace any of them (numbers or figure names)."""
    data = data or shipped_scale()
    p = data.preset(preset_id)
    base = ScaleInputs(meter_mw=p.mw, pue=p.pue, system=p.system, cooling=p.cooling,
                       workload=p.workload, preset=p.id)
    return replace(base, **{k: v for k, v in overrides.items() if v is not None})


# --- the model ------------------------------------------------------------------------------
class _Ctx:
    """Resolves inputs to numbers, remembering which came from figures and which were typed."""

    __slots__ = ("figures", "used")

    def __init__(self, figures: Figures) -> None:
        self.figures = figures
        self.used: dict[str, None] = {}

    def fig(self, name: str) -> float:
        self.used[name] = None
        return self.figures[name]

    def value(self, v: Value, what: str) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
        """(number, figures, inputs) for one input."""
        if isinstance(v, str):
            if v not in self.figures:
                raise ValueError(f"{what}: unknown figure '{v}'{suggest(v, self.figures.names())}")
            return self.fig(v), (v,), ()
        if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v):
            raise ValueError(f"{what}: expected a number or a figure name, found {v!r}")
        return float(v), (), (what,)

    def estimate(self, names: Iterable[str]) -> bool:
        return any(self.figures.get(n).estimate for n in names)


def _check_inputs(inputs: ScaleInputs, data: ScaleData) -> System:
    system = data.system(inputs.system)
    if inputs.cooling is not None and inputs.cooling not in COOLING:
        raise ValueError(f"cooling: expected one of {', '.join(COOLING)}, found '{inputs.cooling}'")
    if inputs.workload not in WORKLOADS:
        raise ValueError(f"workload: expected one of {', '.join(WORKLOADS)}, found '{inputs.workload}'")
    if inputs.prompt_energy not in PROMPT_FIGURES:
        raise ValueError(f"prompt_energy: expected one of {', '.join(PROMPT_FIGURES)}, "
                         f"found '{inputs.prompt_energy}'")
    data.model(inputs.model)
    return system


def _serving(inputs: ScaleInputs, ctx: _Ctx) -> tuple[tuple[float, tuple[str, ...], tuple[str, ...]],
                                                       tuple[float, tuple[str, ...], tuple[str, ...]]]:
    """(utilisation, tokens per prompt), each as (number, figures, inputs), checked."""
    util = ctx.value(inputs.utilisation, "utilisation")
    if not 0 < util[0] <= 1:
        raise ValueError(f"utilisation: the share of rated accelerator power spent serving is a "
                         f"fraction in (0, 1], found {util[0]:g}")
    tpp = ctx.value(inputs.tokens_per_prompt, "tokens_per_prompt")
    if not tpp[0] > 0:
        raise ValueError(f"tokens_per_prompt: a prompt's answer has at least some tokens, found {tpp[0]:g}")
    return util, tpp


def _packing(system: System, cooling: str, ctx: _Ctx) -> tuple[int, float, tuple[str, ...], str]:
    """(systems per rack, rack limit W, figures that decided it, problem or '')."""
    limit_name = COOLING[cooling]
    limit = ctx.fig(limit_name)
    problem = cooling_problem(system, cooling, ctx.figures)
    if problem:
        return 0, limit, (limit_name, system.figures["power"]), problem
    if system.rack_scale:
        return 1, limit, (system.figures["power"],), ""
    by_cooling = int(limit // system.power_w)
    cap_name = system.figures.get("per_rack_max", "")
    if cap_name and system.per_rack_max < by_cooling:
        ctx.fig(cap_name)
        return system.per_rack_max, limit, (system.figures["power"], cap_name), ""
    return by_cooling, limit, (system.figures["power"], limit_name), ""


def evaluate(inputs: ScaleInputs, data: ScaleData | None = None) -> ScaleResult:
    """Forward: from the meter up the column to what the racks deliver."""
    data = data or shipped_scale()
    ctx = _Ctx(data.figures)
    meter_mw, meter_figs, meter_inputs = ctx.value(inputs.meter_mw, "meter_mw")
    if meter_mw < 0:
        raise ValueError(f"meter_mw: power at the meter cannot be negative, found {meter_mw:g}")
    return _forward(inputs, data, ctx, meter_mw, meter_figs, meter_inputs, "forward")


@dataclass
class _Site:
    """What the lower layers worked out, handed up the column to the workload steps."""

    meter_mw: float
    meter_figs: tuple[str, ...]
    meter_inputs: tuple[str, ...]
    pue: float
    pue_figs: tuple[str, ...]
    pue_inputs: tuple[str, ...]
    it_mw: float = 0.0
    losses_mw: float = 0.0
    cooling_mw: float = 0.0
    per_rack: int = 0
    limit_w: float = 0.0
    pack_figs: tuple[str, ...] = ()
    rack_w: float = 0.0
    racks: int = 0
    n_systems: int = 0
    n_acc: int = 0
    installed_mw: float = 0.0
    stranded_mw: float = 0.0
    acc_mw: float = 0.0
    steps: list[Step] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def _facility(site: _Site, preset: Preset | None, cooling: str, ctx: _Ctx) -> None:
    """Layer 0: meter, PUE overhead split into losses and cooling, and the IT power left."""
    meter_mw, pue = site.meter_mw, site.pue
    site.it_mw = meter_mw / pue
    losses_share = ctx.fig(DIST_LOSSES)
    overhead = meter_mw - site.it_mw
    losses_mw = losses_share * site.it_mw
    if losses_mw > overhead + _EPS * max(1.0, meter_mw):
        losses_mw = overhead
        site.flags.append(Flag("pue-below-losses", "warning",
                               f"PUE {pue:g} leaves less than the UPS and distribution losses "
                               f"({losses_share:.0%} of IT, {DIST_LOSSES}) and nothing for cooling; "
                               f"a real site needs at least about {1 + losses_share:g}"))
    site.losses_mw = losses_mw
    site.cooling_mw = max(0.0, overhead - losses_mw)
    notes = [preset.meter_note] if preset is not None and preset.meter_note else []
    if preset is not None and preset.behind_the_meter:
        notes.append("behind the meter: the site sits on the plant's side of the utility meter and "
                     "draws straight from it, skipping the grid interconnect queue")
        site.flags.append(Flag("behind-the-meter", "info",
                               "Behind the meter: the datacenter sits on the same side of the utility "
                               "meter as the plant and draws from it directly, bypassing the grid "
                               "interconnect queue. The arithmetic is the same; the risk moves: when "
                               "the plant trips, no grid stands behind it, only the site's UPS and "
                               "generators."))
    mf, mi, pf, pi = site.meter_figs, site.meter_inputs, site.pue_figs, site.pue_inputs
    site.steps.append(Step("meter", 0, "Power at the meter", meter_mw, "MW", mf, mi, ctx.estimate(mf),
                           "; ".join(notes)))
    site.steps.append(Step("cooling_overhead", 0, f"Cooling and other overhead ({cooling}, PUE {pue:g})",
                           site.cooling_mw, "MW", pf + (DIST_LOSSES,), pi, ctx.estimate(pf),
                           "the PUE overhead left after UPS and distribution losses; the PUE is set "
                           "separately from the cooling type"))
    site.steps.append(Step("dist_losses", 0, "UPS and distribution losses", losses_mw, "MW",
                           pf + (DIST_LOSSES,), pi, False,
                           f"{losses_share:.0%} of IT power, counted inside the PUE overhead"))
    site.steps.append(Step("it", 0, "IT power (meter ÷ PUE)", site.it_mw, "MW", mf + pf, mi + pi,
                           ctx.estimate(mf + pf)))


def _racks(site: _Site, system: System, cooling: str, ctx: _Ctx) -> None:
    """Layer 1: what the cooling lets one rack draw, whole racks, systems and accelerators."""
    per_rack, limit_w, pack_figs, problem = _packing(system, cooling, ctx)
    ctx.fig(system.figures["power"])
    ctx.fig(system.figures["accelerator_power"])
    if problem:
        site.flags.append(Flag("cooling-too-weak", "error", problem[0].upper() + problem[1:] + "."))
    rack_w = per_rack * system.power_w
    exact = site.it_mw * 1e6 / rack_w if rack_w > 0 else 0.0
    racks = math.floor(exact * (1 + 1e-12) + _EPS)  # a float hair under a whole rack is that rack
    if rack_w > 0 and racks == 0 and site.it_mw > 0:
        site.flags.append(Flag("below-one-rack", "warning",
                               f"{site.it_mw * 1000:.3g} kW of IT power cannot feed one "
                               f"{rack_w / 1000:g} kW rack"))
    site.per_rack, site.limit_w, site.pack_figs, site.rack_w, site.racks = (
        per_rack, limit_w, pack_figs, rack_w, racks)
    site.n_systems = racks * per_rack
    site.n_acc = site.n_systems * system.accelerators
    site.installed_mw = racks * rack_w / 1e6
    site.stranded_mw = max(0.0, site.it_mw - site.installed_mw)
    site.acc_mw = site.n_acc * system.accelerator_w / 1e6
    mf, mi, pf, pi = site.meter_figs, site.meter_inputs, site.pue_figs, site.pue_inputs
    site.steps.append(Step("rack_limit", 1, f"Rack power limit ({cooling} cooling)", limit_w / 1000, "kW",
                           (COOLING[cooling],), (), False,
                           "air cooling is practical to about 20–30 kW per rack; a liquid hall here is "
                           "built for the densest rack shipped (a GB200 NVL72)"))
    what = (f"one {system.name}, {system.power_w / 1000:g} kW" if system.rack_scale
            else f"{per_rack} × {system.name}, {rack_w / 1000:g} kW")
    site.steps.append(Step("racks", 1, f"Racks ({what} each)", racks, "racks", mf + pf + pack_figs,
                           mi + pi, ctx.estimate(pack_figs + mf + pf),
                           problem or f"whole racks only; {site.stranded_mw:.3g} MW of IT power is left over"))
    site.steps.append(Step("systems", 1, f"{system.name} systems", site.n_systems, "systems",
                           pack_figs, (), ctx.estimate(pack_figs)))
    site.steps.append(Step("accelerators", 1, f"Accelerators ({system.accelerators} × "
                           f"{system.accelerator} per system)", site.n_acc, "GPUs", pack_figs, (),
                           ctx.estimate(pack_figs)))
    acc_figs = (system.figures["accelerator_power"],)
    site.steps.append(Step("accelerator_power", 1, f"Accelerator power ({system.accelerator_w:g} W each, "
                           "rated)", site.acc_mw, "MW", acc_figs, (), ctx.estimate(acc_figs),
                           f"{system.accelerators_w / system.power_w:.0%} of each system's "
                           f"{system.power_w / 1000:g} kW maximum; the rest is CPUs, memory, network, fans"))


def _inference(site: _Site, inputs: ScaleInputs, data: ScaleData, system: System, ctx: _Ctx,
               util: tuple[float, tuple[str, ...], tuple[str, ...]],
               tpp: tuple[float, tuple[str, ...], tuple[str, ...]]) -> tuple[float, float]:
    """Layer 8, serving: tokens/s and prompts/day from one chain, both upper bounds."""
    model = data.model(inputs.model)
    u, u_figs, u_in = util
    n, n_figs, n_in = tpp
    j = ctx.fig(model.j_per_token)
    tokens_per_s = site.acc_mw * 1e6 * u / j
    other_gpu = system.figures["accelerator_power"] != model.measured_on
    tok_figs = (model.j_per_token, system.figures["accelerator_power"]) + u_figs
    site.steps.append(Step(
        "tokens_per_s", 8, f"Output tokens per second, upper bound ({model.name})", tokens_per_s,
        "tokens/s", tok_figs, u_in, ctx.estimate(tok_figs) or other_gpu,
        f"{model.name} at batch {model.batch}, {j:g} J per output token ({model.scope_text()}), "
        f"with {u:.0%} of the accelerators' rated power spent serving; an upper bound: every GPU "
        "busy all day, host and network free"
        + ("; measured on another GPU, applied here to this one: an estimate" if other_gpu else ""),
        view="user"))
    prompts_per_day = tokens_per_s * _SECONDS_PER_DAY / n
    p_figs = tok_figs + n_figs
    site.steps.append(Step(
        "prompts_per_day", 8, "Prompts per day, upper bound", prompts_per_day, "prompts/day",
        p_figs, u_in + n_in, ctx.estimate(p_figs) or other_gpu,
        f"tokens per second × 86,400 s ÷ {n:g} output tokens per prompt", view="user"))
    wh = j * n / _J_PER_WH
    published = ctx.fig(inputs.prompt_energy)
    site.steps.append(Step(
        "prompt_energy", 8, "Energy per prompt at the GPUs", wh, "Wh", (model.j_per_token,) + n_figs,
        n_in, ctx.estimate((model.j_per_token,) + n_figs),
        f"{model.scope_text()}; for comparison, {inputs.prompt_energy} is {published:g} Wh per prompt "
        "for a whole production system (another model, other counting)", view="user"))
    return tokens_per_s, prompts_per_day


def _training(site: _Site, inputs: ScaleInputs, system: System, ctx: _Ctx
              ) -> tuple[float, float, float | None, float | None]:
    """Layer 8, training: compute of the run, accelerator-hours, days, energy at the meter."""
    params, par_figs, par_in = ctx.value(inputs.params, "params")
    tokens, tk_figs, tk_in = ctx.value(inputs.tokens, "tokens")
    mfu, mfu_figs, mfu_in = ctx.value(inputs.mfu, "mfu")
    if params <= 0 or tokens <= 0:
        raise ValueError("params and tokens of a training run must be above zero")
    if not 0 < mfu <= 1:
        raise ValueError(f"mfu: model FLOPs utilisation is a fraction in (0, 1], found {mfu:g}")
    rule = ctx.fig(FLOPS_RULE)
    peak = ctx.fig(system.figures["flops"])
    run_flops = rule * params * tokens
    acc_hours = run_flops / (peak * mfu) / 3600
    days = acc_hours / site.n_acc / _HOURS if site.n_acc else None
    run_mwh = site.installed_mw * site.pue * days * _HOURS if days is not None else None
    mi, pf, pi = site.meter_inputs, site.pue_figs, site.pue_inputs
    f_figs = (FLOPS_RULE,) + par_figs + tk_figs
    site.steps.append(Step("run_flops", 8, "Training compute (6 × parameters × tokens)", run_flops, "FLOP",
                           f_figs, par_in + tk_in, ctx.estimate(f_figs)))
    h_figs = f_figs + (system.figures["flops"],) + mfu_figs
    site.steps.append(Step("accelerator_hours", 1, f"Accelerator-hours on {system.accelerator}",
                           acc_hours, "GPU-hours", h_figs, par_in + tk_in + mfu_in, ctx.estimate(h_figs),
                           f"at {mfu:.0%} of peak dense BF16"))
    pack = site.pack_figs
    site.steps.append(Step("training_days", 8, "Days for the run", days if days is not None else math.inf,
                           "days", h_figs + pack, par_in + tk_in + mfu_in + mi + pi,
                           ctx.estimate(h_figs + pack),
                           "" if days is not None else "no accelerators: the run never finishes",
                           view="user"))
    if run_mwh is not None:
        site.steps.append(Step("run_energy", 0, "Energy for the run at the meter", run_mwh, "MWh",
                               h_figs + pack + pf, pi, ctx.estimate(h_figs + pack)))
    return run_flops, acc_hours, days, run_mwh


def _forward(inputs: ScaleInputs, data: ScaleData, ctx: _Ctx, meter_mw: float,
             meter_figs: tuple[str, ...], meter_inputs: tuple[str, ...], direction: str,
             target: dict[str, float] | None = None) -> ScaleResult:
    system = _check_inputs(inputs, data)
    cooling = inputs.cooling or system.cooling
    pue, pue_figs, pue_inputs = ctx.value(inputs.pue, "pue")
    if pue < 1:
        raise ValueError(f"pue: PUE is facility power over IT power and cannot be below 1, found {pue:g}")
    util, tpp = _serving(inputs, ctx)
    site = _Site(meter_mw, meter_figs, meter_inputs, pue, pue_figs, pue_inputs)
    _facility(site, data.presets.get(inputs.preset or ""), cooling, ctx)
    _racks(site, system, cooling, ctx)
    tokens_per_s = prompts_per_day = None
    run_flops = acc_hours = days = run_mwh = None
    ttft, tpot = ctx.fig(TTFT), ctx.fig(TPOT)
    if inputs.workload == "inference":
        tokens_per_s, prompts_per_day = _inference(site, inputs, data, system, ctx, util, tpp)
        site.steps.append(Step("ttft", 8, "Time to first token", ttft, "s", (TTFT,), (), False,
                               "does not change with the size of the site", view="user"))
        site.steps.append(Step("tpot", 8, "Time per output token", tpot, "s", (TPOT,), (), False,
                               "Llama 3.3 70B on 2 × H100", view="user"))
    else:
        run_flops, acc_hours, days, run_mwh = _training(site, inputs, system, ctx)
    feasible = not any(f.severity == "error" for f in site.flags)
    return ScaleResult(
        inputs=inputs, direction=direction, workload=inputs.workload, system=system.id, cooling=cooling,
        feasible=feasible, meter_mw=meter_mw, pue=pue, cooling_overhead_mw=site.cooling_mw,
        dist_losses_mw=site.losses_mw, it_mw=site.it_mw, rack_limit_kw=site.limit_w / 1000,
        systems_per_rack=site.per_rack, rack_kw=site.rack_w / 1000, racks=site.racks,
        systems=site.n_systems, accelerators=site.n_acc, it_installed_mw=site.installed_mw,
        stranded_mw=site.stranded_mw, accelerator_mw=site.acc_mw,
        tokens_per_s=tokens_per_s, prompts_per_day=prompts_per_day, model=inputs.model,
        utilisation=util[0], tokens_per_prompt=tpp[0], run_flops=run_flops,
        accelerator_hours=acc_hours, training_days=days, run_energy_mwh=run_mwh,
        ttft_s=ttft, tpot_s=tpot, price_per_million_tokens=None, price_note=PRICE_NOTE,
        steps=tuple(site.steps), flags=tuple(site.flags), figures_used=tuple(ctx.used),
        target=dict(target or {}))


# --- backwards ------------------------------------------------------------------------------
def _backward(inputs: ScaleInputs, data: ScaleData, racks_needed: float,
              target: dict[str, float], met: Any) -> ScaleResult:
    system = _check_inputs(inputs, data)
    ctx = _Ctx(data.figures)
    pue, _f, _i = ctx.value(inputs.pue, "pue")
    if pue < 1:
        raise ValueError(f"pue: PUE cannot be below 1, found {pue:g}")
    per_rack, _limit, _figs, problem = _packing(system, inputs.cooling or system.cooling, ctx)
    if problem:
        result = _forward(replace(inputs, meter_mw=0.0), data, ctx, 0.0, (), (), "backward", target)
        return replace(result, target_met=False)
    racks = max(0, math.ceil(racks_needed * (1 - 1e-12)))
    meter_mw = racks * per_rack * system.power_w * pue / 1e6
    new_inputs = replace(inputs, meter_mw=meter_mw)
    result = _forward(new_inputs, data, ctx, meter_mw, (), tuple(target), "backward", target)
    return replace(result, target_met=bool(met(result)))


def for_prompts_per_day(prompts_per_day: float, inputs: ScaleInputs | None = None,
                        data: ScaleData | None = None) -> ScaleResult:
    """Backward: the smallest site (whole racks) that serves ``prompts_per_day``; workload inference."""
    if not prompts_per_day >= 0:
        raise ValueError(f"prompts per day must be zero or more, found {prompts_per_day!r}")
    data = data or shipped_scale()
    inputs = replace(inputs or ScaleInputs(), workload="inference")
    system = _check_inputs(inputs, data)
    ctx = _Ctx(data.figures)
    (u, _uf, _ui), (n, _nf, _ni) = _serving(inputs, ctx)
    j = data.figures[data.model(inputs.model).j_per_token]
    acc_w = prompts_per_day * n / _SECONDS_PER_DAY * j / u
    per_rack = _packing(system, inputs.cooling or system.cooling, ctx)[0]
    rack_acc_w = per_rack * system.accelerators_w
    racks_needed = acc_w / rack_acc_w if rack_acc_w else 0.0
    return _backward(inputs, data, racks_needed, {"prompts_per_day": prompts_per_day},
                     lambda r: r.prompts_per_day is not None
                     and r.prompts_per_day >= prompts_per_day * (1 - 1e-9))


def for_training_days(days: float, inputs: ScaleInputs | None = None,
                      data: ScaleData | None = None) -> ScaleResult:
    """Backward: the smallest site (whole racks) that finishes the training run in ``days``."""
    if not days > 0:
        raise ValueError(f"training days must be above zero, found {days!r}")
    data = data or shipped_scale()
    inputs = replace(inputs or ScaleInputs(), workload="training")
    system = _check_inputs(inputs, data)
    ctx = _Ctx(data.figures)
    params = ctx.value(inputs.params, "params")[0]
    tokens = ctx.value(inputs.tokens, "tokens")[0]
    mfu = ctx.value(inputs.mfu, "mfu")[0]
    if params <= 0 or tokens <= 0 or not 0 < mfu <= 1:
        raise ValueError("params and tokens must be above zero and mfu within (0, 1]")
    acc_hours = data.figures[FLOPS_RULE] * params * tokens / (system.flops * mfu) / 3600
    per_rack = _packing(system, inputs.cooling or system.cooling, ctx)[0]
    per_rack_acc = per_rack * system.accelerators
    racks_needed = acc_hours / (days * _HOURS) / per_rack_acc if per_rack_acc else 0.0
    return _backward(inputs, data, racks_needed, {"training_days": days},
                     lambda r: r.training_days is not None and r.training_days <= days * (1 + 1e-9))
