"""Command line: ``python -m desktop [COMMAND] …``.

With no command the app starts. Each command lives in its own module under
``desktop.commands`` and is imported only when used, so ``--version`` and ``check`` never pay for
Qt, and the app never pays for the commands.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from desktop import __version__

# name -> (module, one-line help). Each module defines add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("desktop.commands.check", "validate the shipped data and your library (what the app accepts)"),
    "render": ("desktop.commands.render", "draw the main window headless to a PNG or SVG"),
    "simulate": ("desktop.commands.simulate", "run one request flow and print its timeline"),
    "load": ("desktop.commands.load", "run many requests per second through the stack"),
    "scale": ("desktop.commands.scale", "from megawatts at the meter to tokens per second"),
    "lesson": ("desktop.commands.lesson", "grade a lesson's checks headless, as the app would"),
    "scenario": ("desktop.commands.scenario", "a troubleshooting scenario: symptoms, probes, grading"),
    "results": ("desktop.commands.results", "merge students' result files into one class CSV"),
    "handout": ("desktop.commands.handout", "print a lesson as a PDF handout with pictures of the column"),
    "audit-layout": ("desktop.commands.audit_layout", "report every cut text and low-contrast text in the window"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stackscope",
        description="Stackscope: the datacenter stack from electrons to AI agents. "
                    "With no command, the app starts.")
    parser.add_argument("--version", action="version", version=f"stackscope {__version__}")
    parser.add_argument("--layers", metavar="FILE", help="use this layers.yaml instead of the shipped one")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    if command in COMMANDS:
        module_name, help_text = COMMANDS[command]
        module = importlib.import_module(module_name)
        parser = argparse.ArgumentParser(prog=f"stackscope {command}", description=help_text)
        module.add_arguments(parser)
        index = argv.index(command)
        args = parser.parse_args(argv[:index] + argv[index + 1:])
        return int(module.run(args) or 0)
    args = build_parser().parse_args(argv)
    from desktop.ui.app import run_app  # Qt is imported only here

    return run_app(layers_path=args.layers)
