"""Result files: signed per attempt, merged into one class CSV; an edited file is flagged."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from desktop.core.learn import results

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    if home is not None:
        env["STACKSCOPE_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def _pack(tmp_path: Path) -> Path:
    """An instructor's scenario pack: one shipped scenario and a results.key beside it."""
    pack = tmp_path / "pack"
    pack.mkdir()
    src = ROOT / "assets" / "scenarios" / "dark-names.yaml"
    (pack / "dark-names.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (pack / results.PACK_KEY_FILE).write_text("class-7b-secret\n", encoding="utf-8")
    return pack


def test_three_students_merge_into_three_rows_and_an_edit_is_flagged(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    handed_in = tmp_path / "handed-in"
    for student, answer in (("Ada", "component:dns"), ("Grace", "layer:network"), ("Alan", "component:gpu")):
        r = run_cli("scenario", str(pack / "dark-names.yaml"), "--seed", "4", "--answer", answer,
                    "--student", student, "--save", str(handed_in))
        assert r.returncode == 0, r.stderr
    files = sorted(handed_in.glob("*.json"))
    assert len(files) == 3
    out = tmp_path / "class.csv"
    key = pack / results.PACK_KEY_FILE
    xapi = tmp_path / "statements.json"
    merged = run_cli("results", str(handed_in), "--csv", str(out), "--key", str(key), "--xapi", str(xapi))
    assert merged.returncode == 0, merged.stderr
    statements = json.loads(xapi.read_text(encoding="utf-8"))
    assert len(statements) == 3 and {s["verb"]["display"]["en-US"] for s in statements} == {"scored"}
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 3
    assert {r["student"] for r in rows} == {"Ada", "Grace", "Alan"}
    assert list(rows[0])[:4] == ["student", "activity", "score", "date"]
    by = {r["student"]: r for r in rows}
    assert by["Alan"]["score"] == "0" and int(by["Ada"]["score"]) > int(by["Grace"]["score"]) > 0
    assert all(r["activity"] == "scenario:dark-names" and len(r["date"]) == 10 for r in rows)

    edited = next(f for f in files if "Alan" in f.name)
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["score"] = 1.0
    edited.write_text(json.dumps(data), encoding="utf-8")
    again = run_cli("results", str(handed_in), "--csv", str(out), "--key", str(key))
    assert again.returncode == 1
    assert f"flagged {edited}" in again.stderr
    assert {r["student"] for r in csv.DictReader(out.open(encoding="utf-8"))} == {"Ada", "Grace"}


def test_without_a_pack_key_the_install_key_signs(tmp_path: Path) -> None:
    key = results.install_key(tmp_path)
    assert key == results.install_key(tmp_path)            # created once, then reused
    data = results.make_result("Ada", "lesson:dns", None, {"3": "2"}, 0.5, key=key)
    assert results.verify(data, [key])
    assert not results.verify(data, [b"another key"])
    assert not results.verify({**data, "student": "Eve"}, [key])
    assert {"student", "activity", "seed", "answers", "score", "time", "app_version", "integrity"} <= set(data)


def test_write_result_never_overwrites(tmp_path: Path) -> None:
    data = results.make_result("Ada", "scenario:x", 1, [], 1.0, key=b"k")
    a, b = results.write_result(data, tmp_path), results.write_result(data, tmp_path)
    assert a != b and a.exists() and b.exists()
