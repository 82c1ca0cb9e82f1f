"""``scale``: from megawatts at the meter to tokens per second, and back.

    python -m desktop scale --preset crane --pue 1.1
    python -m desktop scale --preset crane --model 70b --utilisation 0.5 --tokens-per-prompt 250
    python -m desktop scale --mw 835 --system gb200-nvl72 --cooling liquid --workload training
    python -m desktop scale --prompts-per-day 1e9 --system dgx-h100     # how many MW?
    python -m desktop scale --training-days 30 --preset stargate-abilene --json

Exit status: 0 for an answer, 1 when the site cannot be built as asked (an air-cooled hall and a
liquid-only rack, say) or the data files have problems, 2 for a command line that makes no sense.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

PROMPT_ENERGY = {"gemini": "llm.energy.gemini", "gpt4o": "llm.energy.gpt4o",
                 "chatgpt": "llm.energy.chatgpt"}


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found '{text}'") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of zero or more, found '{text}'")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = ("Every number is built on a named figure (assets/figures.yaml); estimates "
                     "(grade C) are marked. Exit status 1 means the site cannot be built as asked.")
    where = parser.add_argument_group("the site (operator's view)")
    where.add_argument("--preset", metavar="ID", help="start from a preset (see --list)")
    where.add_argument("--mw", type=_positive, metavar="MW", help="power at the meter in megawatts")
    where.add_argument("--pue", type=_positive, metavar="PUE",
                       help="power usage effectiveness, 1 or more (default: the preset's, else pue.industry)")
    where.add_argument("--system", metavar="ID", help="dgx-h100, dgx-b200 or gb200-nvl72 (default dgx-h100)")
    where.add_argument("--cooling", choices=("air", "liquid"),
                       help="hall cooling (default: what the system is designed for)")
    what = parser.add_argument_group("the work")
    what.add_argument("--workload", choices=("inference", "training"), help="default inference")
    what.add_argument("--model", metavar="ID",
                      help="inference: the served model, which sets J per token (see --list; default 8b)")
    what.add_argument("--utilisation", type=_positive, metavar="F",
                      help="inference: share of the GPUs' rated power spent serving, 0-1 "
                           "(default gpu.power_share, 0.76)")
    what.add_argument("--tokens-per-prompt", type=_positive, metavar="N",
                      help="inference: output tokens per prompt (default llm.tokens_per_prompt, 717)")
    what.add_argument("--prompt-energy", choices=tuple(PROMPT_ENERGY),
                      help="published energy-per-prompt figure shown for comparison (default gemini)")
    what.add_argument("--params", type=_positive, metavar="N",
                      help="training: model parameters (default llama3.params, 405e9)")
    what.add_argument("--tokens", type=_positive, metavar="N",
                      help="training: training tokens (default llama3.tokens, 15.6e12)")
    what.add_argument("--mfu", type=_positive, metavar="F",
                      help="training: model FLOPs utilisation 0-1 (default llama3.mfu, 0.40)")
    back = parser.add_argument_group("backwards: how many MW for …")
    goal = back.add_mutually_exclusive_group()
    goal.add_argument("--prompts-per-day", type=_positive, metavar="N", help="N prompts per day (inference)")
    goal.add_argument("--training-days", type=_positive, metavar="D",
                      help="the training run finished in D days")
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="print the result as JSON")
    out.add_argument("--list", action="store_true", help="list the presets and systems")


def run(args: argparse.Namespace) -> int:
    from desktop.core.data.problems import DataError
    from desktop.core.scale import sizing as scale

    try:
        data = scale.shipped_scale()
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    if args.list:
        _print_list(data)
        return 0
    backward = args.prompts_per_day is not None or args.training_days is not None
    error = _usage_error(args, backward)
    if error:
        print(f"stackscope scale: {error}", file=sys.stderr)
        return 2
    overrides: dict[str, Any] = {
        "meter_mw": args.mw, "pue": args.pue, "system": args.system, "cooling": args.cooling,
        "workload": args.workload, "params": args.params, "tokens": args.tokens, "mfu": args.mfu,
        "prompt_energy": PROMPT_ENERGY.get(args.prompt_energy or ""), "model": args.model,
        "utilisation": args.utilisation, "tokens_per_prompt": args.tokens_per_prompt,
    }
    try:
        if args.preset:
            inputs = scale.inputs_for_preset(args.preset, data, **overrides)
        else:
            inputs = scale.ScaleInputs(**{k: v for k, v in overrides.items() if v is not None})
        if args.prompts_per_day is not None:
            result = scale.for_prompts_per_day(args.prompts_per_day, inputs, data)
        elif args.training_days is not None:
            result = scale.for_training_days(args.training_days, inputs, data)
        else:
            result = scale.evaluate(inputs, data)
    except ValueError as exc:
        print(f"stackscope scale: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(data.figures), indent=2, ensure_ascii=False))
    else:
        print(render_text(result, data))
    ok = result.feasible and result.target_met is not False
    return 0 if ok else 1


def _usage_error(args: argparse.Namespace, backward: bool) -> str:
    if backward and args.mw is not None:
        return "--mw is what the reverse question answers; drop it, or drop the target"
    if args.prompts_per_day is not None and args.workload == "training":
        return "--prompts-per-day asks about inference; drop --workload training"
    if args.training_days is not None and args.workload == "inference":
        return "--training-days asks about training; drop --workload inference"
    if not backward and args.mw is None and not args.preset:
        return "give --mw MW or --preset ID (or a target: --prompts-per-day / --training-days); --list shows the presets"
    if args.pue is not None and args.pue < 1:
        return f"--pue is facility power over IT power and cannot be below 1, found {args.pue:g}"
    if args.utilisation is not None and not 0 < args.utilisation <= 1:
        return f"--utilisation is a fraction between 0 and 1, found {args.utilisation:g}"
    if args.tokens_per_prompt is not None and args.tokens_per_prompt <= 0:
        return "--tokens-per-prompt must be above zero"
    if args.mfu is not None and not 0 < args.mfu <= 1:
        return f"--mfu is a fraction between 0 and 1, found {args.mfu:g}"
    return ""


def _print_list(data: Any) -> None:
    f = data.figures
    print("Presets:")
    for p in data.presets.values():
        print(f"  {p.id:18} {f[p.mw]:>7g} MW  {p.system:12} {p.cooling:6} {p.workload:9}  {p.name}")
    print("Models (inference):")
    for m in data.models.values():
        print(f"  {m.id:18} {f[m.j_per_token]:>7g} J/token at batch {m.batch}, {m.scope_text()}  {m.name}")
    print("Systems:")
    for s in data.systems.values():
        shape = "whole rack" if s.rack_scale else "chassis"
        print(f"  {s.id:18} {s.accelerators:>3} × {s.accelerator_w:g} W, {s.power_w / 1000:g} kW max, "
              f"{shape}, designed for {s.cooling} cooling")


# --- text ---------------------------------------------------------------------------------
_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_COUNTS = {"racks", "systems", "GPUs"}


def human(value: float | None, unit: str) -> str:
    """A number as a person reads it aloud: 3.47 billion tokens/s, 37,210 racks, 22.8 MW."""
    if value is None:
        return "—"
    if not math.isfinite(value):
        return "never"
    if unit in _COUNTS:
        return f"{value:,.0f} {unit}"
    magnitude = abs(value)
    if magnitude >= 1e15:
        mantissa, exponent = f"{value:.3e}".split("e")
        return f"{float(mantissa):.3g} × 10^{int(exponent)} {unit}"
    for size, word in _WORDS:
        if magnitude >= size:
            return f"{value / size:.3g} {word} {unit}"
    if magnitude >= 1000:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


def render_text(result: Any, data: Any) -> str:
    figures = data.figures
    preset = data.presets.get(result.inputs.preset or "")
    system = data.systems[result.system]
    title = preset.name if preset else f"{result.meter_mw:g} MW site"
    lines = [f"{title}: {result.workload} on {system.name}, {result.cooling} cooling"]
    if result.workload == "inference":
        model = data.models[result.model]
        lines.append(f"model {model.name} ({result.model}, batch {model.batch}, {model.scope_text()}), "
                     f"utilisation {result.utilisation:.0%}, {result.tokens_per_prompt:g} tokens per prompt")
    if result.direction == "backward":
        goal = ", ".join(f"{human(v, k.replace('_per_', '/').replace('_', ' '))}"
                         for k, v in result.target.items())
        verdict = "met" if result.target_met else "NOT met"
        lines.append(f"backwards: the smallest site for {goal} needs {result.meter_mw:.4g} MW at the meter "
                     f"(target {verdict})")
    lines.append("")
    width = max(len(s.label) for s in result.steps)
    for s in result.steps:
        mark = "estimate" if s.estimate else ""
        cites = ", ".join(s.figures)
        typed = ", ".join(f"{name} (your input)" for name in s.inputs)
        source = "; ".join(x for x in (cites, typed) if x)
        lines.append(f"  L{s.layer}  {s.label:<{width}}  {human(s.value, s.unit):>26}  {mark:8}  [{source}]")
    lines.append("")
    lines.append("'estimate' marks a step resting on a grade C figure or on a figure used beyond what it measured.")
    if result.workload == "inference":
        lines.append("Tokens per second and prompts per day are upper bounds: every GPU serving all day "
                     "at the model's measured batch.")
    for flag in result.flags:
        lines.append(f"{flag.severity.upper()}: {flag.message}")
    lines.append(f"Price per million tokens: {result.price_note}")
    lines.append("")
    lines.append("Figures used:")
    for name in result.figures_used:
        lines.append(f"  {figures.get(name).cite()}")      # cite() carries the year
    return "\n".join(lines)
