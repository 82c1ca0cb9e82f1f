"""CSV out: the one place a table is written (a flow's timeline, a load run, a class's results),
so every export has the same encoding, line endings and header row."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``header`` then ``rows`` as UTF-8 CSV; returns the number of rows written."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
