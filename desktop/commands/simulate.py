"""``simulate FLOW``: run one request flow headless and print its timeline and totals.

    python -m desktop simulate --list
    python -m desktop simulate netflix-play --connection reused --json
    python -m desktop simulate chatbot-prompt --pue pue.google --set output_tokens=500
    python -m desktop simulate card-payment --csv run.csv

FLOW is a shipped flow id or a path to any flow file. Exit status: 0 ok, 1 the flow file has
problems (printed as path:line:column: message), 2 a bad command line.

Faults: ``--list-faults`` prints their ids; ``--fault NAME[:PARAM=VALUE,…][@SECONDS]``
(repeatable) strikes one at a moment of the run, negative for "before the request"; without
``@`` the fault's own default applies (0 s, or for chiller-trip 100 s before the request, once
the GPUs are throttled). ``desktop.core.sim.faults`` turns each into options it forces and
simulation modifiers (``desktop.core.sim.faults.prepare``), and the output ends with the leak path.

    python -m desktop simulate chatbot-prompt --fault chiller-trip
    python -m desktop simulate card-payment --fault utility-outage:ups_fails=true@0.2
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

CSV_COLUMNS = ("index", "hop", "start_s", "end_s", "duration_s", "layer", "osi", "component",
               "direction", "label", "latency_s", "power_w", "energy_j", "estimate", "group", "lane",
               "milestone", "figures", "params", "cost", "power", "modifiers", "explain")


class UsageError(Exception):
    """A bad command line: printed as one line, exit status 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", nargs="?", help="flow id (see --list) or path to a flow file")
    parser.add_argument("--list", action="store_true", help="print the shipped flow ids, one per line")
    parser.add_argument("--pue", metavar="PUE",
                        help="facility power / IT power: a number such as 1.54 or 1.09, or a figure "
                             "name (pue.industry, pue.google)")
    parser.add_argument("--distance-km", type=float, metavar="KM", help="user to datacenter, km")
    parser.add_argument("--cache", choices=("hit", "miss"))
    parser.add_argument("--connection", choices=("new", "reused"),
                        help="new HTTPS = DNS + TCP + TLS 1.3; reused skips all three")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="set a flow's own option or parameter, e.g. player=industry or "
                             "output_tokens=500 (repeatable)")
    parser.add_argument("--seed", type=int, default=0, help="seed for jitter (default 0)")
    parser.add_argument("--jitter", type=float, default=0.0,
                        help="log-normal spread of hop durations (default 0: exact figures)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--csv", type=Path, metavar="OUT", help="also write the timeline as CSV")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME[@SECONDS]",
                        help="strike a fault at a simulated time, negative for before the request "
                             "(default: the fault's own); NAME:PARAM=VALUE sets a parameter, e.g. "
                             "utility-outage:ups_fails=true; repeatable (see --list-faults)")
    parser.add_argument("--list-faults", action="store_true", help="print the fault ids, one per line")
    parser.add_argument("--layers", metavar="FILE", help="use this layers.yaml instead of the shipped one")


def run(args: argparse.Namespace) -> int:

    try:
        if args.list:
            from desktop.core.library import current

            for ident in current()["flows"].ids():
                print(ident)
            return 0
        if args.list_faults:
            from desktop.core.sim.faults import fault_ids

            for ident in fault_ids():
                print(ident)
            return 0
        if not args.flow:
            raise UsageError("name a flow to simulate (see --list)")
        return _simulate(args)
    except UsageError as exc:
        print(f"stackscope simulate: {exc}", file=sys.stderr)
        return 2


def _simulate(args: argparse.Namespace) -> int:
    from desktop.core.sim.simulation import simulate

    from desktop.commands.common import read_flow

    found = read_flow(args)
    if isinstance(found, int):
        return 1
    stack, flow, figures = found
    overrides = {"pue": args.pue, "distance_km": args.distance_km, "cache": args.cache,
                 "connection": args.connection, **_pairs(args.set)}
    try:
        prepared = _prepare(args.fault, flow, overrides, figures)
        timeline = simulate(flow, prepared.options, seed=args.seed, jitter=args.jitter,
                            modifiers=prepared.modifiers, figures=figures)
        baseline = simulate(flow, overrides, seed=args.seed, jitter=args.jitter,
                            figures=figures) if args.fault else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.csv:
        write_csv(timeline, args.csv)
    if args.json:
        data = timeline.to_dict()
        if args.fault:
            data["faults"] = fault_report(args.fault, flow, stack, timeline, baseline)
            data["baseline_latency_s"] = baseline.latency_s if baseline else None
            data["series"] = {name: s.to_dict() for name, s in timeline.series.items()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        unused = [n for n, v in overrides.items() if v is not None and not flow.uses(n)]
        print_timeline(timeline, flow, stack, figures, unused=unused)
        if args.fault:
            print_faults(fault_report(args.fault, flow, stack, timeline, baseline), timeline, baseline)
        if args.csv:
            print(f"wrote {args.csv}")
    return 0


def _pairs(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set expects NAME=VALUE, found '{item}'")
        out[name.strip()] = value.strip()
    return out


# --- faults -------------------------------------------------------------------------------------

def fault_specs(specs: Sequence[str]) -> list[Any]:
    """One ``FaultSpec`` per ``--fault`` (id, parameters, time): how every part names a fault."""
    from desktop.core.sim.faults import parse_fault_spec

    try:
        return [parse_fault_spec(spec) for spec in specs]
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None


def fault_times(specs: Sequence[str]) -> list[tuple[str, float | None]]:
    """``(name, at)`` per ``--fault``; ``at`` is None without ``@`` (the fault's own default)."""
    from desktop.core.sim.faults import parse_fault_arg

    try:
        return [parse_fault_arg(spec) for spec in specs]
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None


def _prepare(specs: Sequence[str], flow: Any, options: dict[str, Any], figures: Any) -> Any:
    """Options (the faults' forced ones included) and modifiers for this run."""
    from desktop.core.sim.faults import prepare

    return prepare(flow, fault_specs(specs), options, figures)


def fault_report(specs: Sequence[str], flow: Any, stack: Any, timeline: Any, baseline: Any) -> list[dict[str, Any]]:
    """Per fault: its id, moment, parameters and leak path (one step per layer it reached)."""
    from desktop.core.sim import faults

    out: list[dict[str, Any]] = []
    for spec in fault_specs(specs):
        fault = faults.get_fault(spec.id)
        at = spec.at
        steps = faults.leak_path(stack, fault, timeline, baseline)
        alone = faults.impact(flow, spec, dict(timeline.options), baseline=baseline) if baseline else None
        out.append({"id": fault.id, "spec": str(spec), "name": fault.name, "strikes": fault.strikes,
                    "at": fault.default_at if at is None else at, "params": dict(spec.params),
                    "options": faults.option_overrides(spec, at, flow),
                    "impact": alone.words if alone else "", "touches": alone.touches if alone else None,
                    "leak": [{"layer": s.layer, "caption": s.caption, "refs": list(s.refs),
                              "seams": list(s.seams), "detail": s.detail, "delta_s": s.delta_s}
                             for s in steps]})
    return out


def print_faults(report: Sequence[dict[str, Any]], timeline: Any, baseline: Any,
                 out: TextIO | None = None) -> None:
    from desktop.core.data.units import format_seconds

    out = out or sys.stdout
    for fault in report:
        forced = ", ".join(f"{k} {v}" for k, v in fault["options"].items())
        print(file=out)
        print(f"fault {fault['id']} strikes {fault['strikes']} at {fault['at']:g} s"
              + (f" (forces {forced})" if forced else ""), file=out)
        if fault.get("impact"):
            print(f"  impact on this flow: {fault['impact']}", file=out)
        previous = None
        for step in fault["leak"]:
            seams = " ".join(f"seam {s}" for s in step["seams"])
            mark = "•" if previous is None else ("↓" if step["layer"] < previous else "↑")
            previous = step["layer"]
            print(f"  {mark} layer {step['layer']}: {step['caption']}"
                  + (f"   [{seams}]" if seams else ""), file=out)
            if step["detail"]:
                print(f"      {step['detail']}", file=out)
    if baseline is not None:
        print(f"latency without the fault{'s' if len(report) > 1 else ''}: "
              f"{format_seconds(baseline.latency_s)}; with: {format_seconds(timeline.latency_s)}", file=out)


# --- output -------------------------------------------------------------------------------------

def _row(event: Any) -> dict[str, Any]:
    d = event.to_dict()
    d["figures"] = " ".join(event.figures)
    d["params"] = " ".join(event.params)
    d["modifiers"] = "; ".join(event.modifiers)
    d["osi"] = "" if event.osi is None else event.osi
    return {k: ("" if d[k] is None else d[k]) for k in CSV_COLUMNS}


def write_csv(timeline: Any, path: Path) -> None:
    """One row per event, times in seconds, power in W, energy in J (IT side)."""
    from desktop.core.data.tables import write_csv

    write_csv(path, CSV_COLUMNS, ([_row(e)[c] for c in CSV_COLUMNS] for e in timeline.events))


def print_timeline(timeline: Any, flow: Any, stack: Any, figures: Any, *, unused: Sequence[str] = (),
                   out: TextIO | None = None) -> None:
    from desktop.core.data.units import (format_energies, format_grams, format_joules, format_seconds,
                                         format_water_ml, format_watts)

    out = out or sys.stdout
    opts = []
    for name, value in timeline.options.items():
        if any(p.name == name for p in flow.params):
            continue
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        if name == "pue" and timeline.pue_figure:
            shown += f" ({timeline.pue_figure})"
        opts.append(f"{name} {shown}")
    print(f"{flow.id} · {flow.title}", file=out)
    print(f"options: {', '.join(opts)} · seed {timeline.seed}"
          + (f" · jitter {timeline.jitter:g}" if timeline.jitter else ""), file=out)
    print(file=out)
    header = f"{'#':>3}  {'start':>9}  {'takes':>9}  {'layer':<16} {'OSI':<3}  {'component':<19} {'hop':<34} {'power':>9}  {'energy':>9}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for e in timeline.events:
        layer = f"{e.layer} {stack.layer(e.layer).short}" if 0 <= e.layer < len(stack.layers) else str(e.layer)
        osi = "" if e.osi is None else str(e.osi)
        mark = "*" if e.estimate else " "
        arrow = {"down": "↓", "up": "↑", "across": "→"}.get(e.direction, " ")
        label = e.label if len(e.label) <= 31 else e.label[:30] + "…"
        print(f"{e.index:>3}  {format_seconds(e.start):>9}  {format_seconds(e.duration):>9}  {layer:<16} "
              f"{osi:<3}  {e.component:<19} {arrow} {label:<31}{mark} {format_watts(e.power_w):>9}  "
              f"{format_joules(e.energy_j):>9}", file=out)
        for note in e.modifiers:
            print(f"{'':>5}! {note}", file=out)
    print(file=out)
    if timeline.milestones:
        print("milestones:", file=out)
        for ident, t in sorted(timeline.milestones.items(), key=lambda kv: kv[1]):
            tag = "   ← latency" if ident == timeline.latency_milestone else ""
            print(f"  {timeline.milestone_labels.get(ident, ident):<38} {format_seconds(t):>9}{tag}", file=out)
        print(file=out)
    what = (f" ({timeline.milestone_labels.get(timeline.latency_milestone, '')})"
            if timeline.latency_milestone else "")
    print("totals:", file=out)
    print(f"  latency                {format_seconds(timeline.latency_s)}{what}", file=out)
    it_text, facility_text = format_energies(timeline.energy_it_j, timeline.energy_j)
    print(f"  energy, IT             {it_text}", file=out)
    print(f"  energy, facility       {facility_text} (IT × PUE {timeline.pue:g})", file=out)
    print(f"  water, on site         {format_water_ml(timeline.water_ml)} (IT kWh × WUE "
          f"{timeline.wue:g} L/kWh)", file=out)
    print(f"  carbon                 {format_grams(timeline.co2_g)} CO2e (facility kWh × "
          f"{timeline.carbon:g} g/kWh)", file=out)
    print(f"  peak power             {format_watts(timeline.peak_it_w)} IT, "
          f"{format_watts(timeline.peak_facility_w)} facility", file=out)
    print("  (power and energy are this request's share of the machines it uses)", file=out)
    estimates = sorted({f for e in timeline.events for f in e.figures
                        if f in figures and figures.get(f).estimate})
    if estimates:
        print(f"* uses an estimate (grade C figure): {', '.join(estimates)}", file=out)
    from desktop.core.sim.figures import dated_name
    print(f"sources: {', '.join(dated_name(figures, f) for f in timeline.figures_used)}", file=out)
    for name in unused:
        print(f"note: option '{name}' does not change this flow", file=out)
