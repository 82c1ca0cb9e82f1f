"""What every flow command starts with: the stack, the user library's figures and the flow
named on the command line, or the problems that stop it, printed as ``path:line:col``."""
from __future__ import annotations

import sys
from typing import Any


def read_flow(args: Any) -> tuple[Any, Any, Any] | int:
    """(stack, flow, figures) for ``args.flow`` (shipped, the user's library, or a path), or the
    exit code after printing why not: 2 for a flow that does not exist, 1 for a broken file."""
    from desktop import resources
    from desktop.core import library
    from desktop.core.data.problems import DataError
    from desktop.core.stack.reader import load_stack_or_raise

    try:
        stack = load_stack_or_raise(args.layers or resources.layers_file())
        figures = library.figures()
        flow = library.find_flow(args.flow, stack)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        unknown = len(exc.problems) == 1 and "no such flow" in exc.problems[0].message
        return 2 if unknown else 1
    return stack, flow, figures
