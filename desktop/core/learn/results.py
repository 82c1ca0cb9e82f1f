"""Result files a class can hand in: one JSON file per attempt, signed, merged into one CSV.

A result holds who (``student``), what (``activity``: ``scenario:<id>`` or ``lesson:<id>``),
the ``seed``, the ``answers``, the ``score`` (0..1), the ``time`` (UTC, ISO 8601) and the app
version, plus ``integrity``: an HMAC-SHA256 over the canonical JSON of everything else. The key
is the instructor's pack key (a ``results.key`` file beside the scenarios they hand out) or,
failing that, a per-install key kept in the user library, so an edited score is detected by
whoever holds the key. It is a tamper check for a classroom, not a cryptographic exam lock: a
student who has the pack key can sign anything. ``merge`` checks a folder of results and writes
the class CSV a gradebook import takes (student, activity, score as %, date).
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

FORMAT = "stackscope-result/1"
PACK_KEY_FILE = "results.key"
INSTALL_KEY_FILE = ".results-key"
CSV_COLUMNS = ("student", "activity", "score", "date", "seed", "file")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


# --- keys ---------------------------------------------------------------------------------------

def read_key(path: Path) -> bytes | None:
    """A key file's bytes (its text, stripped), or None when there is none."""
    from desktop.core.data.files import read_bytes

    data, _refused = read_bytes(path)    # regular files only, size-capped: never a hang
    try:
        text = data.decode("utf-8").strip() if data is not None else ""
    except UnicodeDecodeError:
        return None
    return text.encode("utf-8") if text else None


def pack_key(scenario_source: str | Path | None) -> bytes | None:
    """The instructor's key: ``results.key`` in the folder the scenario came from."""
    if not scenario_source:
        return None
    return read_key(Path(scenario_source).parent / PACK_KEY_FILE)


def install_key(root: Path | None = None) -> bytes:
    """This install's key in the user library, created on first use."""
    from desktop.core.library import home

    path = (root or home()) / INSTALL_KEY_FILE
    key = read_key(path)
    if key is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
        key = read_key(path)
    assert key is not None
    return key


def key_id(key: bytes) -> str:
    """A short public name of a key, so a result says which key signed it without holding it."""
    return hashlib.sha256(key).hexdigest()[:12]


def choose_key(scenario_source: str | Path | None = None, root: Path | None = None) -> bytes:
    return pack_key(scenario_source) or install_key(root)


# --- signing --------------------------------------------------------------------------------------

def canonical(data: Mapping[str, Any]) -> bytes:
    """The bytes the code covers: every field but ``integrity``, sorted keys, no spaces."""
    body = {k: v for k, v in data.items() if k != "integrity"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(data: Mapping[str, Any], key: bytes) -> str:
    return hmac.new(key, canonical(data), hashlib.sha256).hexdigest()


def verify(data: Mapping[str, Any], keys: Iterable[bytes]) -> bool:
    code = data.get("integrity")
    if not isinstance(code, str):
        return False
    return any(hmac.compare_digest(code, sign(data, k)) for k in keys)


def make_result(student: str, activity: str, seed: int | None, answers: Any, score: float, *,
                key: bytes, detail: Mapping[str, Any] | None = None, when: datetime | None = None) -> dict[str, Any]:
    """A signed result ready to write; ``score`` is 0..1."""
    from desktop import __version__

    when = when or datetime.now(timezone.utc)
    data: dict[str, Any] = {
        "format": FORMAT, "student": student.strip(), "activity": activity, "seed": seed,
        "answers": answers, "score": round(float(score), 4),
        "time": when.astimezone(timezone.utc).replace(microsecond=0).isoformat(),
        "app_version": __version__, "key_id": key_id(key),
    }
    if detail:
        data["detail"] = dict(detail)
    data["integrity"] = sign(data, key)
    return data


def write_result(data: Mapping[str, Any], folder: str | Path) -> Path:
    """``<folder>/<student>--<activity>--<time>.json``; never overwrites an earlier attempt."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "--".join(_SAFE.sub("-", str(data.get(k, ""))).strip("-") or "x"
                     for k in ("student", "activity", "time"))
    path = folder / f"{stem}.json"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.json"
        n += 1
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# --- merging a class ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checked:
    path: Path
    data: dict[str, Any] | None
    ok: bool
    reason: str = ""


def check_folder(folder: str | Path, keys: Sequence[bytes]) -> list[Checked]:
    """Every ``*.json`` under ``folder``, read and verified against ``keys``."""
    out: list[Checked] = []
    for path in sorted(Path(folder).rglob("*.json")):
        from desktop.core.data.files import read_bytes

        raw, refused = read_bytes(path)   # a FIFO or a huge file is refused, never waited on
        if raw is None:
            out.append(Checked(path, None, False, f"not a result file ({refused.message if refused else 'unreadable'})"))
            continue
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            out.append(Checked(path, None, False, f"not a result file ({exc.__class__.__name__})"))
            continue
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            out.append(Checked(path, None, False, "not a Stackscope result file"))
            continue
        if not verify(data, keys):
            why = ("edited after it was written, or signed with a key you did not give"
                   if "integrity" in data else "no integrity code")
            out.append(Checked(path, data, False, why))
            continue
        out.append(Checked(path, data, True))
    return out


def csv_row(checked: Checked) -> dict[str, Any]:
    d = checked.data or {}
    score = d.get("score")
    return {"student": d.get("student", ""), "activity": d.get("activity", ""),
            "score": f"{float(score) * 100:.0f}" if isinstance(score, (int, float)) else "",
            "date": str(d.get("time", ""))[:10], "seed": "" if d.get("seed") is None else d["seed"],
            "file": checked.path.name}


def write_csv(rows: Iterable[Checked], out: str | Path) -> int:
    """One row per verified attempt; the score is a percentage. Returns the rows written."""
    n = 0
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for checked in rows:
            writer.writerow(csv_row(checked))
            n += 1
    return n


XAPI_VERB = {"id": "http://adlnet.gov/expapi/verbs/scored", "display": {"en-US": "scored"}}
XAPI_ACTIVITY = "https://stackscope.invalid/activity/"


def xapi_statements(rows: Iterable[Checked]) -> list[dict[str, Any]]:
    """One xAPI statement per verified attempt, for a learning record store that takes them."""
    out = []
    for checked in rows:
        d = checked.data or {}
        kind, _, ident = str(d.get("activity", "")).partition(":")
        out.append({
            "actor": {"objectType": "Agent", "name": d.get("student", ""),
                      "account": {"homePage": XAPI_ACTIVITY, "name": d.get("student", "")}},
            "verb": XAPI_VERB,
            "object": {"objectType": "Activity", "id": f"{XAPI_ACTIVITY}{kind}/{ident}",
                       "definition": {"name": {"en-US": d.get("activity", "")}}},
            "result": {"score": {"scaled": float(d.get("score") or 0.0)},
                       "success": float(d.get("score") or 0.0) >= 1.0},
            "timestamp": d.get("time", ""),
            "context": {"extensions": {f"{XAPI_ACTIVITY}seed": d.get("seed")}},
        })
    return out
