"""The fault model: what a fault is (``Fault``, its ``Effect``s and parameters), how a user
names one (``FaultSpec``), and the records the leak path is made of. Plain data, no reading."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from desktop.core.sim.figures import Figures
from desktop.core.sim.modifiers import Target

SCHEMA_VERSION = 1
LAYER_MAX = 8
MODES = ("both", "flow", "load")
LOAD_ONLY = ("arrivals", "loss", "capacity")
SERIES_KINDS = ("ramp", "steps")
EFFECT_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required fields, optional fields) besides mode / when / instead_of_option
    "scale_time": (("target", "factor"), ("from", "until", "while")),
    "add_delay": (("target", "seconds"), ("times", "from", "until", "once")),
    "scale_power": (("target", "factor"), ("from", "until")),
    "outage": (("target", "until"), ("from", "restart")),
    "ramp": (("series", "label", "unit", "base", "rate", "until"), ("from", "fall")),
    "steps": (("series", "label", "unit", "base", "points"), ()),
    "arrivals": (("factor",), ("from", "until")),
    "loss": (("target", "share", "seconds"), ("from", "until", "fast", "fast_seconds")),
    "thermal": (("target", "series", "limit", "rise"), ("exponent", "clock_share")),
    "capacity": (("target", "servers", "lost"), ("from", "until")),
}
COMMON_FIELDS = ("kind", "mode", "when", "instead_of_option")

# What a quantity field measures, and the units that say so. Times convert to seconds.
TIME_UNITS = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0}
FACTOR_UNITS = ("factor", "ratio", "times")
SHARE_UNITS = ("fraction",)
FIELD_DIMENSION = {
    "factor": "factor", "times": "factor", "seconds": "time", "from": "time", "until": "time",
    "share": "share", "servers": "count", "lost": "count", "base": "level", "rate": "rate",
    "fall": "rate", "above": "level", "limit": "level", "rise": "level", "exponent": "factor",
    "clock_share": "share", "fast": "share", "fast_seconds": "time",
}
BARE_NUMBERS_OK = ("from", "until", "at", "value", "base")   # times and plotted levels

# Load mode draws "did this request lose a packet" from its own arrival time, so the same
# request is unlucky in every run and the draw needs no shared random state (a hash, not a
# generator: the classic fract(sin(x) × big) trick, decorrelated per component).
HASH_SCALE = 12.9898
HASH_SPREAD = 43758.5453
HASH_SALT = 78.233
SAME: dict[str, float] = dict(rel_tol=1e-9, abs_tol=1e-12)     # "unchanged" when comparing a run with its baseline


class UnknownFault(KeyError, ValueError):
    """No fault by that id (a KeyError for lookups, a ValueError for command lines)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown fault"


# --- the model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FaultParam:
    """A scenario assumption of a fault (a number with a unit) or a switch (true/false)."""

    name: str
    value: float | bool
    unit: str
    note: str

    @property
    def is_flag(self) -> bool:
        return isinstance(self.value, bool)


@dataclass(frozen=True)
class Quantity:
    """A number an effect uses: the sum of its terms, each a figure, a parameter or a number."""

    terms: tuple[str | float, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(t for t in self.terms if isinstance(t, str))


@dataclass(frozen=True)
class Condition:
    """``while: {series: inlet, above: ashrae.inlet_high}``: while a series is above a level."""

    series: str
    above: Quantity


@dataclass(frozen=True)
class Effect:
    """One change a fault makes; see the module docstring for the kinds and their fields."""

    kind: str
    target: Target = Target()
    values: Mapping[str, Quantity] = field(default_factory=dict)
    mode: str = "both"
    when: tuple[tuple[str, Any], ...] = ()
    instead_of_option: str = ""
    restart: bool = True
    once: bool = False                 # add_delay: only the first matching hop pays
    condition: Condition | None = None
    series: str = ""
    label: str = ""
    unit: str = ""
    points: tuple[tuple[Quantity, float], ...] = ()
    line: int = 0

    def figures(self, figures: Figures) -> tuple[str, ...]:
        names = [n for q in self.values.values() for n in q.names()]
        names += [n for q, _v in self.points for n in q.names()]
        if self.condition is not None:
            names += list(self.condition.above.names())
        return tuple(dict.fromkeys(n for n in names if n in figures))


@dataclass(frozen=True)
class LeakNote:
    """One declared step of a fault's story: at this layer, this cause → this effect."""

    layer: int
    caption: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fault:
    id: str
    name: str
    strikes: str                       # a reference, "component:chiller"
    component: str                     # the struck component's id
    layer: int                         # the struck component's layer
    summary: str
    explain: str
    figures: tuple[str, ...]
    params: tuple[FaultParam, ...] = ()
    effects: tuple[Effect, ...] = ()
    options: Mapping[str, str] = field(default_factory=dict)
    leak: tuple[LeakNote, ...] = ()
    default_at: float = 0.0
    source: str = ""
    line: int = 0

    @property
    def ref(self) -> str:
        return f"fault:{self.id}"

    @property
    def series(self) -> tuple[tuple[str, str, str], ...]:
        """(series name, label, unit) for every extra series the fault plots."""
        return tuple((e.series, e.label, e.unit) for e in self.effects if e.kind in SERIES_KINDS)

    def param(self, name: str) -> FaultParam:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, float | bool]:
        return {p.name: p.value for p in self.params}


@dataclass(frozen=True)
class LeakStep:
    """One step of a leak path, for the column: light up ``refs`` and show ``caption``.

    ``refs`` lists the struck component first (first step only), then the seams crossed to
    reach this layer (``seam:a-b``), the components whose numbers changed here, and the layer.
    ``detail`` is the number behind the caption when a timeline was given ("Prefill 400 ms →
    800 ms"); ``delta_s`` how much later this layer's last changed moment came (None: unknown).
    """

    layer: int
    refs: tuple[str, ...]
    caption: str
    seams: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    changed: bool = False
    detail: str = ""
    delta_s: float | None = None


@dataclass(frozen=True)
class FaultSpec:
    """A fault as a user names it: ``id``, optional parameter values and an optional time.

    The one way a fault is named everywhere: ``str(spec)`` gives ``id[:k=v,…][@at]`` and
    ``parse_fault_spec(str(spec)) == spec``. Hashable, so it can key a dict of active faults.
    """

    id: str
    at: float | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The id with its parameters, as ``modifiers(name, …)`` accepts it."""
        if not self.params:
            return self.id
        return self.id + ":" + ",".join(f"{k}={v}" for k, v in self.params.items())

    def __str__(self) -> str:
        if self.at is None:
            return self.name
        at = repr(float(self.at))
        return f"{self.name}@{at.removesuffix('.0')}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FaultSpec):
            return NotImplemented
        return (self.id, self.at, dict(self.params)) == (other.id, other.at, dict(other.params))

    def __hash__(self) -> int:
        return hash((self.id, self.at, tuple(sorted(self.params.items()))))

    def at_time(self, at: float | None) -> "FaultSpec":
        """The same fault and parameters striking at another moment."""
        return FaultSpec(self.id, at, self.params)


