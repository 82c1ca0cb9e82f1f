"""``load FLOW --rps N``: many requests per second of one flow through the same resources.

    python -m desktop load netflix-play --rps 400 --seconds 60
    python -m desktop load netflix-play --rps 450 --servers 1 --json      # near saturation
    python -m desktop load netflix-play --rps 600 --servers 1 --queue-cap 50 --csv run.csv

Each hop that holds a resource is a FIFO queue with ``--servers`` servers (default: sized for 70 %
utilisation at the requested rate); network transit and the user's device are pure delays.
Prints latency percentiles, drops and timeouts, utilisation per layer and IT/facility power.

Exit status: 0 for a run, 1 when the flow (or another data file) has problems, 2 for a command
line that makes no sense (an unknown flow or fault, say).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

MAX_REQUESTS = 20_000_000        # about 2 GB of arrays; beyond that, shorten the run
MAX_BINS = 2000                  # --bin widens past this so a long run stays plottable


def _number(low: float, *, strict: bool = False, whole: bool = False):
    def parse(text: str) -> float | int:
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            kind = "a whole number" if whole else "a number"
            raise argparse.ArgumentTypeError(f"expected {kind}, found '{text}'") from None
        bad = value <= low if strict else value < low
        if not math.isfinite(value) or bad:
            rel = "above" if strict else "at least"
            raise argparse.ArgumentTypeError(f"expected {rel} {low:g}, found '{text}'")
        return value
    return parse


def _timeout(text: str) -> float | None:
    if text.strip().lower() in ("none", "off", "0"):
        return None
    return float(_number(0.0, strict=True)(text))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = ("Times come from the flow's figures (see `simulate`); service times vary "
                     "exponentially around them. Same seed, same numbers.")
    parser.add_argument("flow", help="a flow id (e.g. netflix-play) or a flow file")
    run = parser.add_argument_group("the run")
    run.add_argument("--rps", type=_number(0.0, strict=True), required=True, metavar="N",
                     help="requests per second (Poisson arrivals)")
    run.add_argument("--seconds", type=_number(0.0, strict=True), default=60.0, metavar="S",
                     help="how long requests keep arriving (default 60)")
    run.add_argument("--servers", type=_number(1, whole=True), metavar="C",
                     help="servers per resource (default: the fewest that keep each resource at "
                          "--target-util at this rate)")
    run.add_argument("--target-util", type=_number(0.0, strict=True), default=0.7, metavar="U",
                     help="utilisation the automatic sizing aims for (default 0.7)")
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    run.add_argument("--cv", type=_number(0.0), default=1.0, metavar="X",
                     help="service-time variation: 1 exponential (default), 0 constant")
    run.add_argument("--timeout", type=_timeout, default=30.0, metavar="S",
                     help="client timeout in seconds, or 'none' (default 30)")
    run.add_argument("--queue-cap", type=_number(0, whole=True), metavar="K",
                     help="at most K requests wait at each resource; more are dropped")
    run.add_argument("--pue", metavar="PUE",
                     help="a number, or a figure: pue.industry (1.56) or pue.google (1.09); "
                          "default: the flow's pue option")
    flow = parser.add_argument_group("the flow (as in simulate)")
    flow.add_argument("--distance-km", type=float, metavar="KM", help="user to datacenter, km")
    flow.add_argument("--cache", choices=("hit", "miss"))
    flow.add_argument("--connection", choices=("new", "reused"),
                      help="new HTTPS = DNS + TCP + TLS 1.3; reused skips all three")
    flow.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                      help="a flow's own option or parameter (repeatable), e.g. --set output_tokens=500")
    flow.add_argument("--fault", action="append", default=[], metavar="NAME[@SECONDS]",
                      help="inject a fault at a time into the run (repeatable; see simulate --list-faults)")
    run.add_argument("--layers", type=Path, help="use this layers.yaml")
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="print the result as JSON")
    out.add_argument("--csv", type=Path, metavar="OUT", help="write the per-bin series to a CSV file")
    out.add_argument("--bin", type=_number(0.0, strict=True), default=1.0, metavar="S",
                     help=f"series bin width in seconds (default 1; wider when a run would have "
                          f"more than {MAX_BINS} bins)")


def _fail(message: str, status: int = 2) -> int:
    print(f"load: {message}", file=sys.stderr)
    return status


def _options(pairs: list[str]) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            return None
        out[name.strip()] = value.strip()
    return out


def _pue(text: str | None, figures: Any) -> float | str | None:
    if text is None:
        return None
    if text in figures:
        return text
    try:
        value = float(text)
    except ValueError:
        names = [n for n in figures.names() if n.startswith("pue.")]
        raise ValueError(f"--pue: expected a number or one of {', '.join(names)}, found '{text}'") from None
    if not math.isfinite(value) or value < 1.0:
        raise ValueError(f"--pue: a PUE is 1 or more (facility power never below IT), found {value:g}")
    return value


def run(args: argparse.Namespace) -> int:
    from desktop import resources
    from desktop.core.sim.load import LoadConfig, elements_for_flow, run_load
    from desktop.core.data.problems import DataError
    from desktop.core.stack.reader import load_stack_or_raise

    expected = args.rps * args.seconds
    if expected > MAX_REQUESTS:
        return _fail(f"{args.rps:g} rps for {args.seconds:g} s is about {expected:,.0f} requests; "
                     f"keep a run under {MAX_REQUESTS:,} (fewer seconds or a lower rate)")
    options = _options(args.set)
    if options is None:
        return _fail("--set takes NAME=VALUE, e.g. --set output_tokens=500")
    options.update({k: v for k, v in (("distance_km", args.distance_km), ("cache", args.cache),
                                      ("connection", args.connection)) if v is not None})
    try:
        stack = load_stack_or_raise(args.layers or resources.layers_file())
        from desktop.core import library   # the user library's flows and figures too (h17)

        figures = library.figures()
        flow = library.find_flow(args.flow, stack)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        unknown = len(exc.problems) == 1 and "no such flow" in exc.problems[0].message
        return 2 if unknown else 1
    try:
        pue = _pue(args.pue, figures)
        if args.fault:
            from desktop.commands.simulate import UsageError, fault_times
            from desktop.core.sim.faults import prepare

            try:
                specs = fault_times(args.fault)
            except UsageError as exc:
                return _fail(str(exc))
            options = dict(prepare(flow, specs, options, figures).options)
        values = flow.resolve(options, figures)
        elements = elements_for_flow(flow, options, figures=figures)
    except ValueError as exc:
        return _fail(str(exc))
    if pue is None:
        pue = float(values.get("pue", figures["pue.industry"]))

    bin_s = max(args.bin, args.seconds / MAX_BINS)
    config = LoadConfig(rps=args.rps, seconds=args.seconds, servers=args.servers,
                        target_utilisation=args.target_util, seed=args.seed, service_cv=args.cv,
                        timeout_s=args.timeout, queue_cap=args.queue_cap, bin_s=bin_s, pue=pue)
    if args.fault:
        from dataclasses import replace

        from desktop.core.sim.faults import load_config_hooks

        try:
            config = replace(config, **load_config_hooks(specs, flow, elements, figures))
        except ValueError as exc:
            return _fail(f"--fault: {exc}")
    result = run_load(elements, config, flow=flow.id, figures=figures)
    layer_ids = {layer.number: layer.id for layer in stack.layers}

    if args.csv:
        header, rows = result.series(layer_ids)
        with open(args.csv, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
    if args.json:
        out = result.to_json(layer_ids)
        out["options"] = {k: v for k, v in values.items()}
        if args.fault:
            out["faults"] = list(args.fault)
        print(json.dumps(out, indent=2))
        return 0
    _print(result, flow, layer_ids, args, pue_name=args.pue if args.pue in figures else None)
    return 0


def _print(result: Any, flow: Any, layer_ids: dict[int, str], args: argparse.Namespace,
           pue_name: str | None) -> None:
    from desktop.core.data.units import format_seconds as secs, format_watts as watts

    r = result
    print(f"{flow.title} ({flow.id}): {r.rps:g} requests/s for {r.seconds:g} s, seed {r.seed}"
          + (f", faults {', '.join(args.fault)}" if args.fault else ""))
    print(f"  requests   {r.requests:,} arrived, {r.served:,} completed, {r.dropped:,} dropped"
          + (f", {r.timed_out:,} timed out (> {secs(r.timeout_s)})" if r.timeout_s else ""))
    if r.served:
        print(f"  latency    p50 {secs(r.p50_s)}   p95 {secs(r.p95_s)}   p99 {secs(r.p99_s)}   "
              f"(no queueing: {secs(r.unloaded_s)})")
    if r.drain_s > 1.0:
        print(f"  backlog    the queues took {secs(r.drain_s)} after the last arrival to empty")
    util = ", ".join(f"{layer_ids.get(n, n)} {r.utilisation[n]:.0%}" for n in r.layers)
    print(f"  busy       {util}")
    print(f"  power      IT peak {watts(r.peak_it_w)}, facility peak {watts(r.peak_facility_w)} "
          f"(PUE {r.pue:g}{' ' + pue_name if pue_name else ''}); {r.energy_wh:.3g} Wh in {r.seconds:g} s")
    print("  resource             layer          servers  offered  busy   mean wait")
    for s in r.stations:
        flag = "  <- over capacity" if s.offered >= 1 else ""
        wait = secs(s.mean_wait_s) if math.isfinite(s.mean_wait_s) else "-"
        print(f"  {s.component:<20} {layer_ids.get(s.layer, str(s.layer)):<14} {s.servers:>7}  "
              f"{s.offered:>7.0%}  {s.utilisation:>4.0%}   {wait}{flag}")
    if args.csv:
        print(f"  wrote {args.csv} ({len(r.bin_t)} bins of {secs(r.bin_s)})")
    print(f"  simulated {r.requests:,} requests in {r.wall_s:.3g} s")
