"""Read a data file's bytes safely: regular files only, size capped before reading.

Kept apart from ``source`` (YAML) so the stack cache can read its JSON through the same gate
without importing PyYAML at start-up. A FIFO, a device or a folder named ``x.yaml`` is a located
problem, never a hang: the file type is checked with ``os.stat`` before ``open`` (opening a FIFO
blocks until a writer appears), the open is non-blocking, and the type is checked again on the
open descriptor in case the path was swapped in between.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop.core.data.problems import Problem

MAX_FILE_BYTES = 1 << 20          # 1 MiB: the largest shipped data file is about 16 KiB


def read_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most ``limit`` bytes, or a located problem.

    The type is checked with ``os.stat`` before opening (a FIFO would block ``open`` itself) and
    again on the open descriptor (the path may have been swapped in between); the file is opened
    non-blocking and read at most ``limit + 1`` bytes, so ``/dev/zero`` or a growing file cannot
    exhaust memory. Every data file the app reads goes through here (via ``parse_file``).
    """
    where = str(path)

    def problem(message: str) -> tuple[None, Problem]:
        return None, Problem(where, 1, 1, message)

    try:
        st = os.stat(path)
    except OSError as exc:
        return problem(f"cannot read file: {exc.strerror or exc}")
    except ValueError as exc:  # a NUL in the path
        return problem(f"cannot read file: {exc}")
    kind = _not_regular(st.st_mode)
    if kind:
        return problem(f"not a data file: this is {kind}, not a regular file")
    if st.st_size > limit:
        return problem(f"the file is too large ({st.st_size} bytes; at most {limit})")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return problem(f"cannot read file: {exc.strerror or exc}")
    try:
        kind = _not_regular(os.fstat(fd).st_mode)
        if kind:
            return problem(f"not a data file: this is {kind}, not a regular file")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            return problem(f"the file is too large (more than {limit} bytes)")
        return b"".join(chunks), None
    except OSError as exc:
        return problem(f"cannot read file: {exc.strerror or exc}")
    finally:
        os.close(fd)


def _not_regular(mode: int) -> str:
    """'' for a regular file, else what it is, in words."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
