"""``load FLOW --rps N``: many requests per second of one flow through the same resources.

    python -m desktop load netflix-play --rps 400 --seconds 60
    python -m desktop load netflix-play --rps 450 --servers 1 --json      # near saturation
    python -m desktop load netflix-play --rps 600 --servers 1 --queue-cap 50 --csv run.csv
    python -m desktop load card-payment --utilisation 0.95 --json     # the bottleneck at ρ = 0.95
    python -m desktop load chatbot-prompt --sweep                      # p50 and p99 against ρ

``--utilisation U`` picks the arrival rate that keeps the busiest resource (one server each,
unless ``--servers``) at ρ = U, runs enough requests for a steady tail (at least five minutes
of traffic), and discards the first tenth as warm-up. Service times are the flow's own, fixed
unless ``--cv`` says otherwise: only the arrivals are random.

Each hop that holds a resource is a FIFO queue with ``--servers`` servers (default: sized for 70 %
utilisation at the requested rate); network transit and the user's device are pure delays.
Prints latency percentiles, drops and timeouts, utilisation per layer and IT/facility power.

Exit status: 0 for a run, 1 when the flow (or another data file) has problems, 2 for a command
line that makes no sense (an unknown flow or fault, say).
"""
from __future__ import annotations

import argparse
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
    parser.epilog = ("Times come from the flow's figures (see `simulate`) and are fixed: a fixed "
                     "answer length takes as long under load; arrivals are random. Same seed, same numbers.")
    parser.add_argument("flow", help="a flow id (e.g. netflix-play) or a flow file")
    run = parser.add_argument_group("the run")
    rate = run.add_mutually_exclusive_group(required=True)
    rate.add_argument("--rps", type=_number(0.0, strict=True), metavar="N",
                      help="requests per second (Poisson arrivals)")
    rate.add_argument("--utilisation", "--rho", type=_number(0.0, strict=True), metavar="U",
                      help="utilisation of the bottleneck, 0.1-1.3 (1 is saturation)")
    rate.add_argument("--sweep", action="store_true",
                      help="p50 and p99 against the bottleneck's utilisation, 0.1 to 1.3")
    run.add_argument("--seconds", type=_number(0.0, strict=True), default=60.0, metavar="S",
                     help="how long requests keep arriving (default 60)")
    run.add_argument("--servers", type=_number(1, whole=True), metavar="C",
                     help="servers per resource (default: the fewest that keep each resource at "
                          "--target-util at this rate)")
    run.add_argument("--target-util", type=_number(0.0, strict=True), default=0.7, metavar="U",
                     help="utilisation the automatic sizing aims for (default 0.7)")
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    run.add_argument("--warmup", type=_number(0.0), default=0.0, metavar="S",
                     help="with --rps: do not count requests that arrive in the first S seconds "
                          "(--utilisation discards the first tenth by itself)")
    run.add_argument("--cv", type=_number(0.0), default=0.0, metavar="X",
                     help="service-time variation: 0 the flow's own times (default), 1 exponential")
    run.add_argument("--timeout", type=_timeout, default=30.0, metavar="S",
                     help="client timeout in seconds, or 'none' (default 30)")
    run.add_argument("--queue-cap", type=_number(0, whole=True), metavar="K",
                     help="at most K requests wait at each resource; more are dropped")
    run.add_argument("--pue", metavar="PUE",
                     help="a number, or a figure: pue.industry (1.54) or pue.google (1.09); "
                          "default: the flow's pue option")
    flow = parser.add_argument_group("the flow (as in simulate)")
    flow.add_argument("--distance-km", type=float, metavar="KM", help="user to datacenter, km")
    flow.add_argument("--cache", choices=("hit", "miss"))
    flow.add_argument("--cache-hit", type=_number(0.0), metavar="R",
                      help="share of requests whose cache lookup hits (0-1): each request hits or "
                           "misses by chance, instead of all taking --cache")
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
    from desktop.core.sim.load import LoadConfig, elements_for_flow, run_load

    expected = (args.rps or 0.0) * args.seconds
    if expected > MAX_REQUESTS:
        return _fail(f"{args.rps:g} rps for {args.seconds:g} s is about {expected:,.0f} requests; "
                     f"keep a run under {MAX_REQUESTS:,} (fewer seconds or a lower rate)")
    options = _options(args.set)
    if options is None:
        return _fail("--set takes NAME=VALUE, e.g. --set output_tokens=500")
    options.update({k: v for k, v in (("distance_km", args.distance_km), ("cache", args.cache),
                                      ("connection", args.connection)) if v is not None})
    from desktop.commands.common import read_flow

    found = read_flow(args)
    if isinstance(found, int):
        return found
    stack, flow, figures = found
    try:
        pue = _pue(args.pue, figures)
        if args.fault:
            from desktop.commands.simulate import UsageError, fault_specs
            from desktop.core.sim.faults import prepare

            try:
                specs = fault_specs(args.fault)
            except UsageError as exc:
                return _fail(str(exc))
            options = dict(prepare(flow, specs, options, figures).options)
        values = flow.resolve(options, figures)
        choices = _choices(args, flow)
        elements = elements_for_flow(flow, options, figures=figures, random=next(iter(choices), None))
    except ValueError as exc:
        return _fail(str(exc))
    if pue is None:
        pue = float(values.get("pue", figures["pue.industry"]))
    if args.sweep or args.utilisation is not None:
        return _by_utilisation(args, flow, options, values, figures, pue, stack, specs if args.fault else [])

    bin_s = max(args.bin, args.seconds / MAX_BINS)
    config = LoadConfig(rps=args.rps, seconds=args.seconds, servers=args.servers,
                        target_utilisation=args.target_util, seed=args.seed, service_cv=args.cv,
                        timeout_s=args.timeout, queue_cap=args.queue_cap, bin_s=bin_s, pue=pue,
                        choices=choices, warmup_s=min(args.warmup, args.seconds))
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
        from desktop.core.data.tables import write_csv

        write_csv(args.csv, *result.series(layer_ids))
    if args.json:
        out = result.to_json(layer_ids)
        out["options"] = {k: v for k, v in values.items()}
        if args.fault:
            out["faults"] = list(args.fault)
        print(json.dumps(out, indent=2))
        return 0
    _print(result, flow, layer_ids, args, pue_name=args.pue if args.pue in figures else None)
    return 0


def _choices(args: argparse.Namespace, flow: Any) -> dict[str, dict[str, float]]:
    """``--cache-hit R`` as load mode's per-request draw, on a flow whose hops depend on it."""
    hit = getattr(args, "cache_hit", None)
    if hit is None or not flow.uses("cache"):
        return {}
    if hit > 1:
        raise ValueError(f"--cache-hit is a share between 0 and 1, found {hit:g}")
    return {"cache": {"hit": float(hit), "miss": 1.0 - float(hit)}}


def _by_utilisation(args: argparse.Namespace, flow: Any, options: dict[str, Any], values: Any,
                    figures: Any, pue: Any, stack: Any, specs: list[Any]) -> int:
    """``--utilisation U`` (one run) or ``--sweep`` (the hockey stick)."""
    from desktop.core.data.units import format_seconds as secs
    from desktop.core.sim.utilisation import DEFAULT_RHOS, RHO_MAX, overload_words, run_at_utilisation, sweep

    def hooks(elements: Any, config: Any) -> Any:
        from desktop.core.sim.faults import load_config_hooks

        return load_config_hooks(specs, flow, elements, figures) if specs else {}

    try:
        common = dict(servers=args.servers or 1, seed=args.seed, timeout_s=args.timeout,
                      queue_cap=args.queue_cap, pue=pue, service_cv=args.cv, choices=_choices(args, flow))
        if args.sweep:
            points = sweep(flow, DEFAULT_RHOS, options, hooks=hooks, figures=figures, **common)
        else:
            if args.utilisation > RHO_MAX * 2:
                return _fail(f"--utilisation {args.utilisation:g} is far past saturation (1); try 0.1 to {RHO_MAX:g}")
            result = run_at_utilisation(flow, args.utilisation, options, hooks=hooks, figures=figures, **common)
    except ValueError as exc:
        return _fail(str(exc))
    layer_ids = {layer.number: layer.id for layer in stack.layers}
    if args.sweep:
        if args.json:
            print(json.dumps({"flow": flow.id, "points": [p.__dict__ for p in points]}, indent=2))
            return 0
        print(f"{flow.title} ({flow.id}): latency against the bottleneck's utilisation ρ")
        print("     ρ   rate/s        p50        p99   queued p99   timed out  dropped")
        for p in points:
            print(f"  {p.rho:>4.2f} {p.rps:>8.3g} {secs(p.p50_s):>10} {secs(p.p99_s):>10} "
                  f"{secs(p.wait_p99_s):>12} {p.timed_out:>10,} {p.dropped:>8,}" + ("   ← ρ = 1" if p.rho == 1 else ""))
        return 0
    if args.csv:
        from desktop.core.data.tables import write_csv

        write_csv(args.csv, *result.series(layer_ids))
    if args.json:
        out = result.to_json(layer_ids)
        out["options"] = {k: v for k, v in values.items()}
        out["target_utilisation"] = args.utilisation
        if args.fault:
            out["faults"] = list(args.fault)
        out["overload"] = overload_words(result)
        print(json.dumps(out, indent=2))
        return 0
    args = replace_args(args, rps=result.rps, seconds=result.seconds)
    _print(result, flow, layer_ids, args, pue_name=args.pue if args.pue in figures else None)
    neck = result.bottleneck
    if neck is not None:
        print(f"  bottleneck {neck.component}: asked for {neck.offered:.0%} of its capacity, busy "
              f"{neck.utilisation:.0%}; queueing wait p50 {secs(result.wait_p50_s)}, p99 "
              f"{secs(result.wait_p99_s)} (first {secs(result.warmup_s)} not counted)")
    words = overload_words(result)
    if words:
        print(f"  {words}")
    return 0


def replace_args(args: argparse.Namespace, **changes: Any) -> argparse.Namespace:
    out = argparse.Namespace(**vars(args))
    for key, value in changes.items():
        setattr(out, key, value)
    return out


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
