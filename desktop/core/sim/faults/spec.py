"""Naming a fault: ``id[:param=value,…][@seconds]`` ⇄ ``FaultSpec``, the one way a fault is
named everywhere (command lines, the app, lessons)."""
from __future__ import annotations

import math
from dataclasses import replace
from types import MappingProxyType
from typing import Iterable, Union

from desktop.core.sim.faults.model import Fault, FaultSpec

SpecLike = Union[str, FaultSpec, Fault, "tuple[str | FaultSpec, float | None]"]


# --- naming a fault on a command line -------------------------------------------------------------

def parse_fault_spec(spec: str) -> FaultSpec:
    """``'utility-outage:ups_fails=true@2.5'`` → ``FaultSpec('utility-outage', 2.5, {'ups_fails': 'true'})``.

    Without ``@`` the time is None (the fault's default). Raises ValueError for a bad spec.
    """
    text = spec.strip()
    name, sep, at_text = text.rpartition("@") if "@" in text else (text, "", "")
    at: float | None = None
    if sep:
        try:
            at = float(at_text)
        except ValueError:
            raise ValueError(f"fault {spec}: '{at_text}' is not a number of seconds") from None
        if not math.isfinite(at):
            raise ValueError(f"fault {spec}: the time must be a finite number of seconds")
    ident, _, rest = name.partition(":")
    params: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"fault {spec}: parameters are written NAME=VALUE, found '{pair}'")
        params[key.strip()] = value.strip()
    if not ident.strip():
        raise ValueError(f"fault expects NAME[:PARAM=VALUE,…][@SECONDS], found '{spec}'")
    return FaultSpec(ident.strip(), at, MappingProxyType(params))


def parse_fault_arg(spec: str) -> tuple[str, float | None]:
    """``'chiller-trip@2.5'`` → ``('chiller-trip', 2.5)``; ``'chiller-trip'`` → ``('chiller-trip', None)``
    (None: the fault's own default time). Parameters stay in the name for ``modifiers``."""
    parsed = parse_fault_spec(spec)
    return parsed.name, parsed.at



def as_spec(spec: SpecLike, at: float | None = None) -> FaultSpec:
    """Any way a caller names a fault → a ``FaultSpec``: a ``FaultSpec`` (``at`` replaces its
    time when given), a ``Fault`` (its defaults), text (``'id:k=v@t'``; ``at`` wins over its
    ``@``), or a ``(name, at)`` pair."""
    if isinstance(spec, tuple):
        name, when = spec
        return as_spec(name, when)
    if isinstance(spec, FaultSpec):
        return spec if at is None else replace(spec, at=at)
    if isinstance(spec, Fault):
        return FaultSpec(spec.id, at)
    parsed = parse_fault_spec(spec)
    return parsed if at is None else replace(parsed, at=at)


def as_specs(specs: Iterable[SpecLike]) -> list[FaultSpec]:
    return [as_spec(s) for s in specs]

