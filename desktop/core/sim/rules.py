"""Cost and power rules: the small vocabulary that turns named figures into seconds and watts.

A hop in a flow file never holds a bare physical number; it names a rule and the figures (and
scenario parameters) the rule combines, e.g. ``{rule: handshake, figure: tls13.handshake,
km: distance_km}``. All rules live in one table (the shape Mu uses for its modes), so that

* the flow loader validates every argument against the rule's declared arguments, with located
  messages and suggestions, before anything runs;
* the inspector can show, for every hop, the formula and the sources it came from;
* a new rule is one small function plus one row in ``RULES``.

Rules are pure: the same call and scope always give the same amount.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

from desktop.core.sim.figures import Figures
from desktop.core.data.units import format_seconds, format_watts

Value = float | str

# Figures the rules themselves rely on (FIGURES.md, "Rules built on them"). Flows name the rest.
FIBER_DELAY = "fiber.delay"          # light in fibre, s per km one way (refractive index ≈ 1.47)
SWITCH_HOP = "switch.hop"            # cut-through datacenter switch, s per hop (Arista 7050 class)
DC_RTT = "dean-norvig.dc_rtt"        # round trip within one datacenter (Dean 2009)
SERVER_IDLE = "server.idle"          # idle draw as a share of peak (Barroso & Hölzle 2007)
SPLIT_ACCELERATORS = "gemini.split.accelerators"  # Google Aug 2025: share of AI serving energy
SPLIT_HOST = "gemini.split.host"
SPLIT_IDLE = "gemini.split.idle"

# Structural constants, not measurements.
ONE_WAY_TRIPS_PER_ROUND_TRIP = 2     # a round trip is there and back
DISTANCE_OPTION = "distance_km"      # the flow option a ``km`` argument may name


class Scope:
    """What a rule may read while it computes one hop, recording every name it touches.

    ``values`` holds the flow's resolved options and parameters by name. The recorded figure
    and parameter names become the hop's sources in the event list and the CSV export.
    """

    def __init__(self, figures: Figures, values: Mapping[str, Value], *, start: float = 0.0,
                 baseline_start: float | None = None) -> None:
        self.figures = figures
        self.values = values
        self.start = start
        self.baseline_start = baseline_start
        self.used_figures: list[str] = []
        self.used_values: list[str] = []

    def figure(self, name: str) -> float:
        if name not in self.used_figures:
            self.used_figures.append(name)
        return self.figures[name]

    def number(self, value: Value) -> float:
        """A literal count, or the name of a flow option or parameter holding one."""
        if isinstance(value, str):
            if value not in self.used_values:
                self.used_values.append(value)
            return float(self.values[value])
        return float(value)


@dataclass(frozen=True)
class Amount:
    """What a rule produced: seconds (cost rules) or watts (power rules), and how."""

    value: float
    formula: str


@dataclass(frozen=True)
class Call:
    """One use of a rule in a flow file: ``{rule: wire, km: distance_km, switch_hops: 6}``."""

    rule: str
    args: tuple[tuple[str, Value], ...] = ()

    def get(self, name: str, default: Value | None = None) -> Value | None:
        for key, value in self.args:
            if key == name:
                return value
        return default

    def has(self, name: str) -> bool:
        return any(key == name for key, _v in self.args)

    def names(self) -> tuple[str, ...]:
        """Every option or parameter name the call refers to (figures excluded)."""
        spec = RULES.get(self.rule)
        kinds = {a.name: a.kind for a in spec.args} if spec else {}
        return tuple(v for k, v in self.args if isinstance(v, str) and kinds.get(k) != "figure")


@dataclass(frozen=True)
class Arg:
    """One argument of a rule. ``kind`` says what a flow may write there:

    * ``figure``: a figure name, in ``unit`` when given;
    * ``count``: a number ≥ 0 or the name of a parameter;
    * ``fraction``: a number 0–1 or the name of a parameter;
    * ``km``: a number ≥ 0 in km, ``distance_km`` (the flow option) or a parameter.
    """

    name: str
    kind: str
    required: bool = False
    unit: str = ""
    default: float = 1.0
    help: str = ""


@dataclass(frozen=True)
class Rule:
    name: str
    role: str                       # "cost" (seconds) or "power" (watts)
    summary: str
    args: tuple[Arg, ...]
    compute: Callable[[Call, Scope], Amount] = field(repr=False)
    any_of: tuple[str, ...] = ()    # at least one of these must be given
    one_of: tuple[str, ...] = ()    # exactly one of these must be given

    def arg(self, name: str) -> Arg | None:
        return next((a for a in self.args if a.name == name), None)


def _num(call: Call, scope: Scope, name: str, default: float) -> float:
    value = call.get(name)
    return default if value is None else scope.number(value)


def _sym(call: Call, scope: Scope, name: str, default: float, unit: str = "") -> str:
    """How an argument reads in a formula: ``30 km``, or ``distance_km (30 km)`` for a name."""
    value = call.get(name)
    if value is None:
        value = default
    suffix = f" {unit}" if unit else ""
    if isinstance(value, str):
        return f"{value} ({float(scope.values[value]):g}{suffix})"
    return f"{value:g}{suffix}"


def _times(call: Call, scope: Scope, name: str, rest: str) -> str:
    value = call.get(name)
    return rest if value is None or value == 1 else f"{_sym(call, scope, name, 1)} × {rest}"


# --- cost rules (seconds) -----------------------------------------------------------------------

def _cost_figure(call: Call, scope: Scope) -> Amount:
    name = str(call.get("figure"))
    return Amount(_num(call, scope, "count", 1.0) * scope.figure(name), _times(call, scope, "count", name))


def _one_way(call: Call, scope: Scope) -> tuple[float, str]:
    km = _num(call, scope, "km", 0.0)
    hops = _num(call, scope, "switch_hops", 0.0)
    parts, seconds = [], 0.0
    if call.has("km"):
        seconds += scope.figure(FIBER_DELAY) * km
        parts.append(f"{FIBER_DELAY} × {_sym(call, scope, 'km', 0, 'km')}")
    if call.has("switch_hops"):
        seconds += scope.figure(SWITCH_HOP) * hops
        parts.append(f"{SWITCH_HOP} × {_sym(call, scope, 'switch_hops', 0, 'hops')}")
    return seconds, " + ".join(parts)


def _cost_wire(call: Call, scope: Scope) -> Amount:
    seconds, text = _one_way(call, scope)
    trips = _num(call, scope, "trips", 1.0)
    formula = text if trips == 1 else f"{_sym(call, scope, 'trips', 1)} × ({text})"
    return Amount(trips * seconds, formula)


def _cost_handshake(call: Call, scope: Scope) -> Amount:
    name = str(call.get("figure"))
    one_way, text = _one_way(call, scope)
    rtt = ONE_WAY_TRIPS_PER_ROUND_TRIP * one_way
    return Amount(scope.figure(name) * rtt, f"{name} × RTT, RTT = 2 × ({text})")


def _cost_dc_trip(call: Call, scope: Scope) -> Amount:
    trips = _num(call, scope, "trips", 1.0)
    seconds = trips * scope.figure(DC_RTT) / ONE_WAY_TRIPS_PER_ROUND_TRIP
    return Amount(seconds, _times(call, scope, "trips", f"{DC_RTT} / 2"))


def _cost_tokens(call: Call, scope: Scope) -> Amount:
    count = _num(call, scope, "count", 1.0)
    if call.has("per_token"):
        name = str(call.get("per_token"))
        return Amount(count * scope.figure(name), f"{_sym(call, scope, 'count', 1, 'tokens')} × {name}")
    name = str(call.get("rate"))
    return Amount(count / scope.figure(name), f"{_sym(call, scope, 'count', 1, 'tokens')} / {name}")


def _cost_remainder(call: Call, scope: Scope) -> Amount:
    name = str(call.get("figure"))
    total = scope.figure(name)
    before = scope.start if scope.baseline_start is None else scope.baseline_start
    seconds = max(total - before, 0.0)
    return Amount(seconds, f"{name} − {format_seconds(before)} already spent before this hop "
                           f"(in the flow's default run)")


def _cost_buffer(call: Call, scope: Scope) -> Amount:
    buffer, bitrate, rate = (str(call.get(k)) for k in ("buffer", "bitrate", "throughput"))
    seconds = scope.figure(buffer) * scope.figure(bitrate) / scope.figure(rate)
    return Amount(seconds, f"{buffer} × {bitrate} / {rate}")


# --- power rules (watts) ------------------------------------------------------------------------

def _power_none(_call: Call, _scope: Scope) -> Amount:
    return Amount(0.0, "no datacenter power")


def _shared(call: Call, scope: Scope, watts: float, text: str) -> Amount:
    count = _num(call, scope, "count", 1.0)
    share = _num(call, scope, "share", 1.0)
    text = _times(call, scope, "count", text)
    if call.has("share") and call.get("share") != 1:
        text = f"{text} / {_sym(call, scope, 'share', 1)}"
    return Amount(count * watts / share if share else 0.0, text)


def _power_device(call: Call, scope: Scope) -> Amount:
    name = str(call.get("figure"))
    return _shared(call, scope, scope.figure(name), name)


def _power_server(call: Call, scope: Scope) -> Amount:
    peak_name = str(call.get("peak"))
    peak = scope.figure(peak_name)
    idle = scope.figure(SERVER_IDLE)
    util = _num(call, scope, "util", 1.0)
    watts = peak * (idle + (1.0 - idle) * util)
    text = f"{peak_name} × ({SERVER_IDLE} + (1 − {SERVER_IDLE}) × {_sym(call, scope, 'util', 1)})"
    return _shared(call, scope, watts, text)


def _power_accelerator(call: Call, scope: Scope) -> Amount:
    name = str(call.get("figure"))
    acc = scope.figure(SPLIT_ACCELERATORS)
    whole = acc + scope.figure(SPLIT_HOST) + scope.figure(SPLIT_IDLE)
    watts = scope.figure(name) * whole / acc
    text = f"{name} × (accelerators + host + idle) / accelerators [gemini.split]"
    return _shared(call, scope, watts, text)


_COUNT = Arg("count", "count", help="how many (a number or a parameter name)")
_SHARE = Arg("share", "count", help="how many requests or servers share the power")

RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("figure", "cost", "a measured duration, optionally times a count",
         (Arg("figure", "figure", required=True, unit="s"), _COUNT), _cost_figure),
    Rule("wire", "cost", "light in fibre plus switch hops, one way: "
                         "fiber.delay × km + switch.hop × hops (times trips)",
         (Arg("km", "km", default=0.0), Arg("switch_hops", "count", default=0.0),
          Arg("trips", "count")), _cost_wire, any_of=("km", "switch_hops")),
    Rule("handshake", "cost", "a protocol handshake that costs round trips: figure × RTT over "
                              "the wire (TCP: tcp.handshake, TLS 1.3: tls13.handshake)",
         (Arg("figure", "figure", required=True, unit="RTT"), Arg("km", "km", default=0.0),
          Arg("switch_hops", "count", default=0.0)), _cost_handshake, any_of=("km", "switch_hops")),
    Rule("dc_trip", "cost", "one way inside one datacenter: half of dean-norvig.dc_rtt "
                            "(includes both ends' network stacks; the wire itself is µs)",
         (Arg("trips", "count"),), _cost_dc_trip),
    Rule("tokens", "cost", "generated tokens at a measured speed: count × per_token, or count / rate",
         (Arg("count", "count", required=True), Arg("per_token", "figure", unit="s/token"),
          Arg("rate", "figure", unit="tokens/s")), _cost_tokens, one_of=("per_token", "rate")),
    Rule("remainder", "cost", "the rest of a measured end-to-end time: the figure minus the time "
                              "the flow's default run spent before this hop",
         (Arg("figure", "figure", required=True, unit="s"),), _cost_remainder),
    Rule("buffer", "cost", "fill a player's start-up buffer: seconds of video × bitrate ÷ the link's "
                           "throughput",
         (Arg("buffer", "figure", required=True, unit="s"),
          Arg("bitrate", "figure", required=True, unit="bit/s"),
          Arg("throughput", "figure", required=True, unit="bit/s")), _cost_buffer),
    Rule("none", "power", "draws no datacenter power (a user's device, the public internet)",
         (), _power_none),
    Rule("device", "power", "a device at a figure's wattage: count × figure / share",
         (Arg("figure", "figure", required=True, unit="W"), _COUNT, _SHARE), _power_device),
    Rule("server", "power", "a server at utilisation u: peak × (idle + (1 − idle) × u), "
                            "idle = server.idle; times count, divided by share",
         (Arg("peak", "figure", required=True, unit="W"), Arg("util", "fraction", required=True),
          _COUNT, _SHARE), _power_server),
    Rule("accelerator", "power", "AI accelerators plus their host and idle reserve, scaled up "
                                 "from the accelerator share in gemini.split; divided by share",
         (Arg("figure", "figure", required=True, unit="W"), _COUNT, _SHARE), _power_accelerator),
)}



# --- durations and transfers (h17: user library flows) -------------------------------------------
# A flow's own time (a CI build, a human waiting) is a parameter with a time unit, not a figure;
# a data-heavy hop (a model download, a backup) costs its bytes over a bandwidth. The flow
# reader adds ``<arg>_scale`` (the parameter's unit in SI) for each parameter it accepts here.

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "min": 60.0, "h": 3600.0}
BYTE_UNITS = {"B": 1.0, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
              "KiB": 1024.0, "MiB": 1024.0 ** 2, "GiB": 1024.0 ** 3}
BANDWIDTH_UNITS = {"bit/s": 1 / 8, "kbit/s": 1e3 / 8, "Mbit/s": 1e6 / 8, "Gbit/s": 1e9 / 8,
                   "Tbit/s": 1e12 / 8, "B/s": 1.0, "kB/s": 1e3, "MB/s": 1e6, "GB/s": 1e9}
SCALED_KINDS = {"duration": TIME_UNITS, "bytes": BYTE_UNITS, "bandwidth": BANDWIDTH_UNITS}


def _scaled(call: Call, scope: Scope, name: str, units: Mapping[str, float] = TIME_UNITS) -> tuple[float, str]:
    """An argument in SI units: a number (already SI), a parameter (times its unit's scale, which
    the flow reader stored as ``<name>_scale``) or a figure in one of ``units``."""
    value = call.get(name)
    if isinstance(value, str) and value in scope.figures and value not in scope.values:
        fig = scope.figures.get(value)
        return scope.figure(value) * units.get(fig.unit, 1.0), value
    scale = float(call.get(f"{name}_scale", 1.0) or 1.0)   # type: ignore[arg-type]
    return scope.number(value if value is not None else 0.0) * scale, _sym(call, scope, name, 0)


def _cost_duration(call: Call, scope: Scope) -> Amount:
    seconds, text = _scaled(call, scope, "time")
    return Amount(seconds, text)


def _cost_transfer(call: Call, scope: Scope) -> Amount:
    size, size_text = _scaled(call, scope, "bytes", BYTE_UNITS)
    rate, rate_text = _scaled(call, scope, "bandwidth", BANDWIDTH_UNITS)
    if rate <= 0:
        raise ValueError("transfer: bandwidth must be more than 0")
    return Amount(size / rate, f"{size_text} / {rate_text}")


RULES.update({r.name: r for r in (
    Rule("duration", "cost", "a time the flow itself sets: a parameter with a time unit "
                             "(s, ms, min, h) or a number of seconds",
         (Arg("time", "duration", required=True),), _cost_duration),
    Rule("transfer", "cost", "data over a link: bytes / bandwidth (a figure or parameter in B…TB, "
                             "and one in bit/s…Tbit/s or B/s…GB/s)",
         (Arg("bytes", "bytes", required=True), Arg("bandwidth", "bandwidth", required=True)),
         _cost_transfer),
)})

DEFAULT_POWER = Call("none")


def rule_names(role: str) -> list[str]:
    return [name for name, rule in RULES.items() if rule.role == role]


def evaluate(call: Call, scope: Scope) -> Amount:
    """Run one rule. Calls come from a validated flow, so a failure here is a programming error."""
    amount = RULES[call.rule].compute(call, scope)
    if not math.isfinite(amount.value) or amount.value < 0:
        raise ValueError(f"rule '{call.rule}' gave {amount.value!r}")
    return amount


def describe(amount: Amount, role: str) -> str:
    """``'dns.lookup = 12 ms'``: the formula with its result, for the inspector and exports."""
    shown = format_seconds(amount.value) if role == "cost" else format_watts(amount.value)
    return f"{amount.formula} = {shown}"
