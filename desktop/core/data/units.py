"""Readable numbers for times, watts and joules that span nanoseconds to seconds.

A flow mixes a 100 ns memory reference with a 5 s pod start; printing both as seconds hides
one of them. These helpers pick the SI prefix per value so the event list, the inspector and
``simulate`` all read the same way. The constants are unit definitions, not measurements.
"""
from __future__ import annotations

SECONDS_PER_HOUR = 3600.0  # 1 Wh = 3600 J
_TIME_UNITS = ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns"))
_POWER_UNITS = ((1e6, "MW"), (1e3, "kW"), (1.0, "W"), (1e-3, "mW"), (1e-6, "µW"))
_ENERGY_UNITS = ((SECONDS_PER_HOUR * 1e3, "kWh"), (SECONDS_PER_HOUR, "Wh"), (1.0, "J"), (1e-3, "mJ"),
                 (1e-6, "µJ"), (1e-9, "nJ"))
_ROUNDING = 0.5              # half a unit in the last shown digit


def _number(x: float, digits: int) -> str:
    text = f"{x:.{digits}g}"
    return f"{x:.0f}" if "e" in text else text


def _scaled(value: float, units: tuple[tuple[float, str], ...], digits: int) -> str:
    if value == 0:
        return "0 " + next(name for scale, name in units if scale == 1.0)
    nearly = 1.0 - _ROUNDING * 10.0 ** (-digits)   # 0.9999996 s reads as 1 s, not 1000 ms
    for scale, name in units:
        if abs(value) >= scale * nearly:
            return f"{_number(value / scale, digits)} {name}"
    scale, name = units[-1]
    return f"{_number(value / scale, digits)} {name}"


def format_seconds(seconds: float, digits: int = 3) -> str:
    """``0.000150`` → ``'150 µs'``; ``2.0`` → ``'2 s'``."""
    return _scaled(seconds, _TIME_UNITS, digits)


def format_watts(watts: float, digits: int = 3) -> str:
    return _scaled(watts, _POWER_UNITS, digits)


def format_joules(joules: float, digits: int = 3) -> str:
    """Energy in the unit a person can picture: mJ and J for small hops, Wh for a prompt."""
    return _scaled(joules, _ENERGY_UNITS, digits)


def joules_to_wh(joules: float) -> float:
    return joules / SECONDS_PER_HOUR


def energy_unit(*joules: float) -> tuple[float, str]:
    """One unit for several energies shown together (a line never mixes Wh and J): the unit
    the largest of them reads best in."""
    biggest = max((abs(j) for j in joules), default=0.0)
    if biggest == 0:
        return 1.0, "J"
    nearly = 1.0 - _ROUNDING * 1e-3
    for scale, name in _ENERGY_UNITS:
        if biggest >= scale * nearly:
            return scale, name
    return _ENERGY_UNITS[-1]


def format_energies(*joules: float, digits: int = 3) -> list[str]:
    """Several energies in one shared unit: ``(1105, 709)`` → ``['0.307 Wh', '0.197 Wh']``."""
    scale, name = energy_unit(*joules)
    return [f"{_number(j / scale, digits)} {name}" for j in joules]


def format_water_ml(ml: float, digits: int = 3) -> str:
    """Water as a person pictures it: mL for a request, L and m³ for a hall."""
    if abs(ml) >= 1e6:
        return f"{_number(ml / 1e6, digits)} m³"
    if abs(ml) >= 1e3:
        return f"{_number(ml / 1e3, digits)} L"
    return f"{_number(ml, digits)} mL"


def format_grams(grams: float, digits: int = 3) -> str:
    """Carbon as g, kg or t CO2e."""
    if abs(grams) >= 1e6:
        return f"{_number(grams / 1e6, digits)} t"
    if abs(grams) >= 1e3:
        return f"{_number(grams / 1e3, digits)} kg"
    return f"{_number(grams, digits)} g"
