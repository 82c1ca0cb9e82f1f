"""Cheap checks of the packaging files; the frozen build itself is `python packaging/build.py`.

Nothing here runs PyInstaller, imports Qt or touches the network: the spec parses, everything it
bundles exists, its include/exclude rules do what they say, the Linux desktop entry and the icons
are complete, and the release workflow is well-formed and covers the three OSes.
"""
from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle():
    return _load("stackscope_bundle_under_test", ROOT / "packaging" / "bundle.py")


# ----------------------------------------------------------------------------- build.spec

def test_spec_parses_as_python_and_uses_the_shared_rules():
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    tree = ast.parse(source, filename="build.spec")
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls
    assert "packaging" in source and "bundle.py" in source
    assert "exclude_binaries=True" in source, "one-folder build: binaries go to COLLECT, not into the exe"
    assert not re.search(r"\bstrip\s*=\s*True", source), "a global strip breaks numpy's OpenBLAS"


def test_every_bundled_data_path_exists(bundle):
    for name in bundle.DATA:
        assert (ROOT / name).exists(), f"build.spec bundles {name}, which does not exist"
    entries = bundle.data_entries()
    assert entries, "no data files to bundle"
    for src, dest in entries:
        assert Path(src).is_file(), src
        assert not Path(dest).is_absolute()
    dests = {Path(src).relative_to(ROOT).as_posix() for src, _ in entries}
    assert "layers.yaml" in dests
    assert any(d.startswith("assets/") for d in dests)
    assert any(d.startswith("lessons/") for d in dests)
    assert not any(d.endswith((".ico", ".icns")) for d in dests), "installer-only icons stay out"


def test_bundled_data_matches_setup_py(bundle):
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    data = next(ast.literal_eval(n.value) for n in ast.walk(tree)
                if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "DATA" for t in n.targets))
    assert tuple(data) == tuple(bundle.DATA), "setup.py and packaging/bundle.py must ship the same data"


def test_data_lands_where_resources_looks(bundle):
    """build.spec puts DATA at the bundle root; desktop.resources reads sys._MEIPASS there."""
    text = (ROOT / "desktop" / "resources.py").read_text(encoding="utf-8")
    assert "_MEIPASS" in text
    for src, dest in bundle.data_entries():
        rel = Path(src).relative_to(ROOT)
        assert Path(dest) == rel.parent or (dest == "." and rel.parent == Path("."))


def test_every_app_module_is_listed(bundle):
    mods = bundle.app_modules()
    for needed in ("desktop", "desktop.cli", "desktop.resources", "desktop.commands.check",
                   "desktop.core", "desktop.ui"):
        assert needed in mods
    for module in mods:
        rel = Path(*module.split("."))
        assert (ROOT / rel).with_suffix(".py").is_file() or (ROOT / rel / "__init__.py").is_file(), module
    # The commands the CLI imports by name are all found.
    cli = (ROOT / "desktop" / "cli.py").read_text(encoding="utf-8")
    for module in re.findall(r'"(desktop\.commands\.\w+)"', cli):
        if (ROOT / Path(*module.split("."))).with_suffix(".py").is_file():
            assert module in mods


@pytest.mark.parametrize("name, kept", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("PySide6/Qt/lib/libQt6DBus.so.6", True),
    ("PySide6/Qt/lib/libQt6Svg.so.6", True),
    ("PySide6/Qt/lib/libQt6PrintSupport.so.6", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt/lib/libQt6Qml.so.6", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6WaylandClient.so.6", False),
    ("PySide6/Qt6Quick.dll", False),
    ("PySide6/Qt6Widgets.dll", True),
    ("PySide6/opengl32sw.dll", False),
    ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", False),
    ("PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/translations/qtbase_fr.qm", False),
    ("PySide6/QtCore.pyi", False),
    ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", True),
    ("assets/fonts/Inter-Regular.otf", True),
])
def test_keep_rules(bundle, name, kept):
    assert bundle.keep_file(name) is kept


def test_linux_system_libraries_are_left_to_the_system(bundle):
    for lib in ("libstdc++.so.6", "libgcc_s.so.1", "libfontconfig.so.1", "libcups.so.2", "libdbus-1.so.3"):
        assert bundle.keep_file(lib, linux=True) is False
        assert any(re.match(p, lib) for p in bundle.LINUX_ALLOWED_FROM_SYSTEM)
    for lib in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0", "libglib-2.0.so.0"):
        assert bundle.keep_file(lib, linux=True) is True
        assert not any(re.match(p, lib) for p in bundle.LINUX_ALLOWED_FROM_SYSTEM), \
            f"{lib} is missing on clean desktops: the bundle must carry it"


def test_unused_python_packages_are_excluded(bundle):
    for mod in ("tkinter", "scipy", "matplotlib", "PySide6.QtQml", "PySide6.QtQuick",
                "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "pytest"):
        assert mod in bundle.EXCLUDES
    for mod in bundle.QT_MODULES:
        assert f"PySide6.{mod}" not in bundle.EXCLUDES


def test_app_does_not_need_the_dropped_runtime_hooks(bundle):
    """build.spec leaves out PyInstaller's multiprocessing and pkgutil hooks to start faster."""
    uses = {"pyi_rth_multiprocessing": r"\bmultiprocessing\b|ProcessPoolExecutor",
            "pyi_rth_pyqtgraph_multiprocess": r"pyqtgraph\.multiprocess",
            "pyi_rth_pkgutil": r"pkgutil\.(iter_modules|walk_packages)"}
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for hook, pattern in uses.items():
            if hook in bundle.RUNTIME_HOOKS_DROP:
                assert not re.search(pattern, text), (
                    f"{path.relative_to(ROOT)} uses what {hook} supports in a frozen app: "
                    f"take {hook} off RUNTIME_HOOKS_DROP in packaging/bundle.py")


def test_never_strips_numpy(bundle):
    assert bundle.should_strip("libpython3.11.so.1.0")
    assert bundle.should_strip("yaml/_yaml.cpython-311-x86_64-linux-gnu.so")
    assert not bundle.should_strip("numpy.libs/libscipy_openblas64_-32a4b2a6.so")
    assert not bundle.should_strip("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so")


def test_prune_keeps_what_is_needed(bundle):
    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/x/libQt6Core.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/x/libpython3.11.so.1.0", "BINARY"),
        ("libglib-2.0.so.0", "/x/libglib-2.0.so.0", "BINARY"),
        ("libpcre2-8.so.0", "/x/libpcre2-8.so.0", "BINARY"),
        ("libharfbuzz.so.0", "/x/libharfbuzz.so.0", "BINARY"),  # only a dropped plugin needed it
    ]
    needs = {"/x/libQt6Core.so.6": ["libglib-2.0.so.0", "libc.so.6"],
             "/x/libglib-2.0.so.0": ["libpcre2-8.so.0"]}
    kept, dropped = bundle.prune_unreachable(binaries, lambda src: needs.get(src, []))
    assert [e[0] for e in kept] == [e[0] for e in binaries[:4]]
    assert dropped == ["libharfbuzz.so.0"]


def test_forbidden_patterns_do_not_hit_numpy(bundle):
    names = ["_internal/numpy.libs/libscipy_openblas64_-32a4b2a6.so", "_internal/PySide6/QtCore.abi3.so",
             "_internal/PySide6/Qt/lib/libQt6Gui.so.6"]
    assert not [n for n in names for p in bundle.FORBIDDEN_IN_BUNDLE if re.search(p, n)]
    bad = ["_internal/scipy/linalg/x.so", "_internal/PySide6/Qt/lib/libQt6Quick.so.6",
           "_internal/PySide6/Qt/translations/qt_de.qm"]
    assert all(any(re.search(p, n) for p in bundle.FORBIDDEN_IN_BUNDLE) for n in bad)


def test_build_script_parses_and_prints_the_budget_lines():
    source = (ROOT / "packaging" / "build.py").read_text(encoding="utf-8")
    ast.parse(source)
    assert 'print(f"bundle_mb: ' in source and 'print(f"archive_mb: ' in source
    assert source.rindex("bundle_mb: ") < source.rindex("archive_mb: ")


# ----------------------------------------------------------------------------- Linux desktop entry

def _desktop_entry() -> dict[str, str]:
    lines = (ROOT / "packaging" / "linux" / "stackscope.desktop").read_text(encoding="utf-8").splitlines()
    lines = [l for l in lines if l.strip() and not l.startswith("#")]
    assert lines[0] == "[Desktop Entry]"
    entry = {}
    for line in lines[1:]:
        assert "=" in line, f"not key=value: {line!r}"
        key, value = line.split("=", 1)
        assert key == key.strip() and key, line
        assert key not in entry, f"duplicate key {key}"
        entry[key] = value
    return entry


def test_desktop_file_is_valid():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Stackscope"
    assert entry["Exec"].split()[0] == "stackscope"
    assert entry["Icon"] == "stackscope"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Education" in entry["Categories"].split(";")
    if shutil.which("desktop-file-validate"):
        proc = subprocess.run(["desktop-file-validate", str(ROOT / "packaging" / "linux" / "stackscope.desktop")],
                              capture_output=True, text=True)
        assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout


def test_install_script_is_valid_sh():
    script = ROOT / "packaging" / "linux" / "install.sh"
    assert script.read_text(encoding="utf-8").startswith("#!/bin/sh")
    if shutil.which("sh"):
        assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    text = script.read_text(encoding="utf-8")
    for size in ICON_SIZES:
        assert str(size) in text.split("SIZES=")[1].splitlines()[0]


# ----------------------------------------------------------------------------- icons

def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_at_every_size():
    icons = ROOT / "assets" / "icons"
    ET.parse(icons / "stackscope.svg")  # the source parses as XML
    for size in ICON_SIZES:
        assert _png_size(icons / f"stackscope-{size}.png") == (size, size)


def test_windows_icon():
    data = (ROOT / "assets" / "icons" / "stackscope.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        w, h, _c, _r, _planes, _bpp, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert offset + length <= len(data)
        sizes.add(w or 256)
    assert {16, 32, 48, 256} <= sizes


def test_macos_icon():
    data = (ROOT / "assets" / "icons" / "stackscope.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    types, pos = set(), 8
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        assert length > 8
        types.add(kind)
        pos += length
    assert pos == len(data)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= types  # 128, 256, 512, 1024 (512@2x)


# ----------------------------------------------------------------------------- installers and CI

def test_inno_setup_script():
    text = (ROOT / "packaging" / "windows" / "stackscope.iss").read_text(encoding="utf-8")
    for key in ("AppId=", "AppName=Stackscope", "SetupIconFile=", "OutputBaseFilename=",
                "ArchitecturesInstallIn64BitMode=x64compatible", "[Files]", "[Icons]"):
        assert key in text
    assert "recursesubdirs" in text
    assert r"\assets\icons\stackscope.ico" in text
    build = (ROOT / "packaging" / "build.py").read_text(encoding="utf-8")
    assert "-windows-x64-setup" in text and "-windows-x64-setup.exe" in build


def test_release_workflow():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert any(t.startswith("v") for t in on["push"]["tags"])
    build = wf["jobs"]["build"]
    oses = [entry["os"] for entry in build["strategy"]["matrix"]["include"]]
    for family in ("ubuntu", "windows", "macos"):
        assert any(o.startswith(family) for o in oses), f"no {family} runner in the matrix"
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "pytest" in runs
    assert "packaging/build.py" in runs
    uploads = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads
    release = wf["jobs"]["release"]
    assert release["needs"] == "build"
    assert "refs/tags/v" in release["if"]
    assert release["permissions"]["contents"] == "write"
