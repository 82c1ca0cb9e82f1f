"""What goes into the PyInstaller bundle, and what is kept out. Read by ``build.spec``.

Plain data and pure functions, no PyInstaller import, so ``tests/test_packaging.py`` can check it
cheaply and ``packaging/build.py`` can check a built bundle against the same lists.

Why each thing is excluded is measured, not guessed: ``python packaging/build.py`` prints the
largest files of the bundle after every build. The rules work on the bundle-relative names
PyInstaller gives files on every OS, e.g. ``PySide6/Qt/plugins/platforms/libqxcb.so`` (Linux),
``PySide6/plugins/platforms/qwindows.dll`` (Windows) or ``PySide6/Qt/lib/QtCore.framework/…``
(macOS).
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

APP_NAME = "stackscope"           # executable, bundle folder, archive prefix
APP_DISPLAY_NAME = "Stackscope"   # window title, .app, Start menu
APP_ID = "org.stackscope.Stackscope"  # macOS bundle id, Linux desktop file id
LAUNCHER = ROOT / "packaging" / "launcher.py"
ICONS = ROOT / "assets" / "icons"

# The run-time data, copied to the bundle root where desktop.resources looks (sys._MEIPASS).
# Same list as setup.py's DATA (a test keeps them equal). A later issue that adds a top-level data
# file or folder adds it to both; anything new *inside* assets/ or lessons/ is bundled as is.
DATA = ("layers.yaml", "assets", "lessons")
# Files under DATA that the app never opens at run time.
DATA_SKIP = ("*.ico", "*.icns", "*.pyc", "__pycache__", ".DS_Store")

# pyproject's run-time dependencies, imported explicitly so a bundle built before the UI imports
# one of them is still complete.
RUNTIME_PACKAGES = ("pyqtgraph", "numpy", "networkx", "yaml")

# PyInstaller runtime hooks not run at start-up: they import multiprocessing, subprocess, socket
# and pkgutil (about 30 ms of the 350 ms to first paint) for features the app does not use
# (worker processes, pkgutil.iter_modules over frozen packages). tests/test_packaging.py fails if
# desktop/ starts using them; then take the matching hook off this list.
RUNTIME_HOOKS_DROP = ("pyi_rth_multiprocessing", "pyi_rth_pyqtgraph_multiprocess", "pyi_rth_pkgutil")

# The Qt modules the app and pyqtgraph use. pyqtgraph also *tries* QtOpenGL, QtOpenGLWidgets and
# QtTest and works without them (it only needs them for useOpenGL=True, which we never set).
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport")
QT_ALL = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDBus", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLabsStyleKit",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc",
    "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml",
    "QtQmlFeatures", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio",
    "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
    "QtWebView", "QtXml",
)

# Python modules never to bundle. PyInstaller follows every import it can see, including the
# optional ones inside functions (pyqtgraph tries scipy, matplotlib, h5py, cupy, numba…; networkx
# tries scipy, pandas, pydot, sympy…), so on a machine where those happen to be installed they
# would be pulled in. The app uses none of them.
EXCLUDES = tuple(f"PySide6.{m}" for m in QT_ALL if m not in QT_MODULES) + (
    "PyQt5", "PyQt6", "PySide2", "shiboken2", "sip",
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "unittest", "doctest", "pdb", "distutils", "setuptools", "pkg_resources", "pip", "wheel",
    "xmlrpc", "ensurepip", "venv", "sqlite3", "curses", "readline",
    # TLS and OpenSSL's hashes (6 MB of libssl/libcrypto): the app never opens a connection, and
    # every stdlib user (urllib, http.client, asyncio, hashlib, hmac) imports them optionally.
    "ssl", "_ssl", "_hashlib",
    "numpy.f2py", "numpy.testing", "numpy.distutils", "numpy.conftest", "numpy._pyinstaller",
    "pytest", "_pytest", "pytestqt", "hypothesis", "IPython", "jedi", "parso",
    "scipy", "matplotlib", "pandas", "sympy", "PIL", "lxml", "h5py", "numba", "llvmlite",
    "cupy", "cuda", "bottleneck", "colorcet", "jupyter_rfb", "OpenGL", "pydot", "pygraphviz",
    "pyqtgraph.examples", "pyqtgraph.opengl", "pyqtgraph.jupyter", "pyqtgraph.canvas",
    "pyqtgraph.console", "pyqtgraph.flowchart", "pyqtgraph.util.colorama",
    "networkx.drawing.nx_pylab", "networkx.drawing.nx_agraph", "networkx.drawing.nx_pydot",
    "networkx.tests", "networkx.conftest",
)

# Qt plugins, per plugin folder: the ones kept (by stem, without lib prefix or extension).
# A folder not listed is dropped whole: generic (evdev/tuio input for kiosks),
# egldeviceintegrations, wayland-* (the app runs through XWayland on a Wayland desktop, which
# every Wayland desktop ships), qmltooling, sqldrivers, tls and networkinformation (QtNetwork),
# designer, multimedia, position, sensors, vectorimageformats (QtQuick)…
QT_PLUGINS_KEEP = {
    "platforms": {"qxcb", "qoffscreen", "qwindows", "qcocoa"},
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "platformthemes": {"qxdgdesktopportal"},  # qgtk3 would drag the build host's GTK in
    "xcbglintegrations": {"qxcb-glx-integration"},
    "imageformats": {"qsvg", "qico", "qjpeg", "qgif"},
    "iconengines": {"qsvgicon"},
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"},
    "printsupport": {"cupsprintersupport", "windowsprintersupport"},
}

# Shared libraries dropped even when something above would pull them in: Qt modules the app
# does not use, and system libraries a desktop already has that must match its own drivers.
LIB_DROP = (
    r"Qt6?(Qml|Quick|Designer|Help|Labs|Lottie|Sql|Network|Pdf|VirtualKeyboard|Wayland|Wl|"
    r"EglFS|EglFs|Multimedia|WebEngine|WebChannel|WebSockets|Positioning|3D|Charts|Graphs|"
    r"DataVisualization|Test|OpenGL|UiTools|Xml|Concurrent|ShaderTools|SpatialAudio|"
    r"TextToSpeech|StateMachine|Scxml|RemoteObjects|Sensors|SerialPort|SerialBus|Bluetooth|Nfc)",
    r"gtk-3", r"gdk-3", r"gdk_pixbuf", r"atk-", r"atk-bridge", r"cairo", r"pango", r"harfbuzz-",
    r"epoxy", r"libwayland-", r"libvulkan", r"libgbm", r"libinput", r"libmtdev", r"libts\.",
    r"opengl32sw",  # Windows: 20 MB of software OpenGL, only for QtOpenGL/Quick without a driver
)
# …but never these: QtGui needs QtDBus on Linux (dbus is how it talks to the desktop).
LIB_KEEP = (r"Qt6?DBus", r"QtDBus")

# Linux libraries left to the system even when PyInstaller finds them: every desktop has them,
# and an older copy from the build host would shadow the system's newer one (libstdc++ older than
# what the system's Mesa GL driver needs stops OpenGL; an old fontconfig misreads a new
# /etc/fonts). libcups is optional: where it is missing Qt's cups plugin does not load and
# printing falls back to PDF; bundling it would drag in 10 MB of gnutls, kerberos and avahi.
# libdbus-1 (QtDBus talks to the desktop through it) is on every desktop, and the bundled copy
# would bring libsystemd, libgcrypt and friends.
LINUX_SYSTEM_LIBS = (r"libstdc\+\+\.so", r"libgcc_s\.so", r"libfontconfig\.so", r"libcups\.so",
                     r"libdbus-1\.so")
# What the bundle may take from the system at run time (build.py fails on anything else it cannot
# find inside the bundle): the C library, the GL stack (libglvnd), libxcb itself (PyInstaller
# never bundles it), and LINUX_SYSTEM_LIBS. README lists the Debian/Ubuntu packages.
LINUX_ALLOWED_FROM_SYSTEM = LINUX_SYSTEM_LIBS + (
    r"linux-vdso\.so", r"ld-linux", r"libc\.so", r"libm\.so", r"libdl\.so", r"libpthread\.so",
    r"librt\.so", r"libutil\.so", r"libresolv\.so", r"libcrypt\.so",
    r"libE?GL(X|dispatch|ESv2)?\.so", r"libOpenGL\.so", r"libxcb\.so", r"libwayland-", r"libdrm\.so",
    # libcups' own dependencies, when the system has libcups
    r"libgnutls\.so", r"libavahi-", r"libgssapi_krb5\.so", r"libkrb5", r"libk5crypto", r"libcom_err",
    r"libkeyutils", r"libp11-kit", r"libidn2", r"libunistring", r"libtasn1", r"libnettle", r"libhogweed",
    r"libgmp\.so",
)

# ICU, which QtCore links on Linux, ships 32 MB of data for every language: locale names,
# currencies, units, collation and converters for ~800 locales, transliterators and the CJK/Thai
# word dictionaries. Qt uses ICU for collation, case mapping and time zones only (QLocale has its
# own CLDR tables), and the app is in English: build.py rebuilds libicudata keeping the core
# tables plus the root and English locales (about 4 MB), when a C compiler is there to link it.
ICU_KEEP_LOCALES = ("root", "en")
ICU_DROP_TREES = ("translit",)        # transliteration: Qt never uses it
ICU_DROP_SUFFIXES = (".cnv", ".dict")  # legacy codepage converters; CJK/Thai/Lao/Khmer/Burmese dictionaries
_ICU_LOCALE = re.compile(r"^([a-z]{2,3}|root)(_\w*)?\.res$")


def icu_keep_item(name: str) -> bool:
    """Whether an ICU data item ("coll/de.res", "uprops.icu", …) stays in the trimmed data."""
    parts = name.split("/")
    base = parts[-1]
    if parts[0] in ICU_DROP_TREES or base.endswith(ICU_DROP_SUFFIXES):
        return False
    m = _ICU_LOCALE.match(base)
    if m:
        return m.group(1) in ICU_KEEP_LOCALES
    return True


def icu_subset(dat: bytes) -> tuple[bytes, list[str], list[str]]:
    """The ICU common data package (.dat, format "CmnD") with only the items icu_keep_item keeps.

    Layout (ICU's ucmndata.h): a data header of ``headerSize`` bytes, then a table of contents
    ``count, (nameOffset, dataOffset) * count`` whose offsets count from the table's start, the
    item names ("icudt73l/coll/root.res", sorted, as ICU searches them by bisection), then the
    items, each 16-byte aligned. Returns (new package, kept names, dropped names).
    """
    import struct

    header_size, magic1, magic2 = struct.unpack_from("<HBB", dat, 0)
    if (magic1, magic2) != (0xDA, 0x27) or dat[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = dat[header_size:]
    count, = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    names = [toc[n:toc.index(b"\0", n)].decode("ascii") for n, _d in entries]
    ends = [d for _n, d in entries[1:]] + [len(toc)]
    items = [(name, toc[d:end]) for name, (_n, d), end in zip(names, entries, ends, strict=True)]
    kept = [(name, data) for name, data in items if icu_keep_item(name.split("/", 1)[1])]
    names_blob = b"".join(name.encode("ascii") + b"\0" for name, _d in kept)
    table_size = 4 + 8 * len(kept)
    data_start = (table_size + len(names_blob) + 15) // 16 * 16
    out_toc = bytearray(struct.pack("<I", len(kept)))
    blobs = bytearray()
    name_off = table_size
    for name, data in kept:
        out_toc += struct.pack("<II", name_off, data_start + len(blobs))
        name_off += len(name) + 1
        blobs += data + b"\0" * (-len(data) % 16)
    out_toc += names_blob
    out_toc += b"\0" * (data_start - len(out_toc))
    dropped = [name for name, _d in items if not icu_keep_item(name.split("/", 1)[1])]
    return bytes(dat[:header_size]) + bytes(out_toc) + bytes(blobs), [n for n, _d in kept], dropped


def elf_symbol_data(path: str, pattern: str) -> tuple[str, bytes]:
    """(name, bytes) of the first dynamic symbol matching ``pattern`` in a 64-bit ELF file."""
    import struct

    b = Path(path).read_bytes()
    shoff, = struct.unpack_from("<Q", b, 0x28)
    shentsize, shnum, _shstrndx = struct.unpack_from("<HHH", b, 0x3A)
    secs = [struct.unpack_from("<IIQQQQIIQQ", b, shoff + i * shentsize) for i in range(shnum)]
    for _name, sh_type, _f, _addr, off, size, link, _info, _align, entsize in secs:
        if sh_type != 11:  # SHT_DYNSYM
            continue
        stroff = secs[link][4]
        for i in range(size // entsize):
            st_name, _st_info, _other, shndx, value, st_size = struct.unpack_from("<IBBHQQ", b, off + i * entsize)
            name = b[stroff + st_name:b.index(b"\0", stroff + st_name)].decode()
            if re.fullmatch(pattern, name) and 0 < shndx < shnum:
                sec_addr, sec_off = secs[shndx][3], secs[shndx][4]
                start = sec_off + value - sec_addr
                return name, b[start:start + st_size]
    raise ValueError(f"{path}: no symbol matching {pattern}")


# Everything under these bundle folders is dropped (translations: the app ships English only,
# Qt's own .qm files would only translate Qt's stock dialog buttons; the rest is build-time only).
DROP_DIRS = (
    "PySide6/Qt/translations", "PySide6/translations", "PySide6/Qt/qml", "PySide6/qml",
    "PySide6/include", "PySide6/typesystems", "PySide6/glue", "PySide6/doc", "PySide6/scripts",
    "PySide6/Qt/metatypes", "PySide6/metatypes", "PySide6/Qt/resources", "PySide6/resources",
    "PySide6/Qt/libexec", "PySide6/Qt/modules", "PySide6/Qt/mkspecs",
)
DROP_SUFFIXES = (".pyi", ".qm", ".h", ".prl", ".cmake", ".pc", ".a", ".lib", ".pdb")

# Unstripped libraries (libpython alone: 23 MB -> 6 MB) shrink with `strip --strip-unneeded`.
# PyInstaller's global strip=True also strips numpy's bundled OpenBLAS, which then fails to load
# ("ELF load command address/offset not page-aligned": auditwheel-patched files do not survive
# strip), so build.py strips only ELF files that still carry symbols, never these.
STRIP_NEVER = (r"numpy", r"openblas", r"gfortran", r"quadmath", r"\.libs/")

# Heavy or foreign things that must never appear in a built bundle (regular expressions on the
# bundle-relative paths); build.py fails if one does.
FORBIDDEN_IN_BUNDLE = (
    r"(^|/)(scipy|matplotlib|pandas|sympy|IPython|PIL|tkinter|pytest|_pytest|setuptools|pip)/",
    r"(^|/)_tkinter\.", r"(^|/)libtk\d", r"(^|/)libtcl\d",
    r"PySide6/Qt(Qml|Quick|Network|WebEngine\w*|3D\w*|Multimedia)\.", r"Qt6?(Quick|Qml|Network|WebEngine|Wayland)",
    r"/plugins/platforms/(lib)?q(wayland|eglfs|linuxfb|vnc|minimal)", r"/translations/", r"\.pyi$",
)


def _posix(name: str) -> PurePosixPath:
    return PurePosixPath(name.replace("\\", "/"))


def _stem(filename: str) -> str:
    stem = filename.split(".")[0]
    if stem.endswith("d") and stem[:-1] in _ALL_KEPT_STEMS:  # Windows debug builds: qxcbd.dll
        stem = stem[:-1]
    return stem[3:] if stem.startswith("lib") else stem


_ALL_KEPT_STEMS = {s for stems in QT_PLUGINS_KEEP.values() for s in stems}


def plugin_kept(name: str) -> bool | None:
    """None if ``name`` is not a Qt plugin; else whether QT_PLUGINS_KEEP keeps it."""
    parts = _posix(name).parts
    if "plugins" not in parts:
        return None
    i = parts.index("plugins")
    if i == 0 or parts[i - 1] not in ("Qt", "PySide6") or len(parts) < i + 3:
        return None
    folder, filename = parts[i + 1], parts[-1]
    kept = QT_PLUGINS_KEEP.get(folder)
    if kept is None:
        return False
    return _stem(filename) in kept


def lib_dropped(name: str) -> bool:
    base = _posix(name).name
    path = str(_posix(name))
    if any(re.search(p, base) or re.search(p, path) for p in LIB_KEEP):
        return False
    if any(re.search(p, base) for p in LIB_DROP[1:]):
        return True
    # Qt module libraries: libQt6Quick.so.6, Qt6Quick.dll, QtQuick.framework/…
    return bool(re.search(r"(^|/)(lib)?" + LIB_DROP[0] + r"[\w]*(\.so|\.dll|\.dylib|\.framework|$)",
                          path))


def keep_file(name: str, linux: bool = False) -> bool:
    """Whether a bundle-relative file name (from a.binaries or a.datas) stays in the bundle."""
    posix = str(_posix(name))
    if linux and is_linux_system_lib(posix):
        return False
    if any(posix == d or posix.startswith(d + "/") for d in DROP_DIRS):
        return False
    if posix.endswith(DROP_SUFFIXES):
        return False
    kept = plugin_kept(posix)
    if kept is not None:
        return kept
    return not lib_dropped(posix)


def should_strip(name: str) -> bool:
    """Whether build.py may strip this file (a path relative to the bundle's _internal folder)."""
    return not any(re.search(p, str(_posix(name)), re.I) for p in STRIP_NEVER)


def is_linux_system_lib(name: str) -> bool:
    base = _posix(name).name
    return "/" not in str(_posix(name)) and any(re.match(p, base) for p in LINUX_SYSTEM_LIBS)


def elf_needed(path: str) -> list[str]:
    """The DT_NEEDED entries of an ELF file (its direct link-time dependencies), via objdump.

    Not ``ldd``, which lists the whole transitive closure as the *build* host resolves it.
    objdump comes with binutils, which PyInstaller needs on Linux anyway.
    """
    import subprocess

    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def prune_unreachable(binaries: list[tuple], imports_of) -> tuple[list[tuple], list[str]]:
    """Drop top-level shared libraries no kept binary needs any more (Linux).

    PyInstaller collects the dependencies of every plugin before build.spec filters the plugins,
    so dropping e.g. the GTK platform theme leaves harfbuzz, pango's helpers and friends behind.
    ``binaries`` are PyInstaller TOC entries (dest, src, typecode); ``imports_of(src)`` returns the
    names a binary links against (DT_NEEDED). Roots are everything not at the bundle's top level
    (extension modules, Qt's own libraries and plugins) and libpython; a top-level library stays
    if a root needs it, directly or through other kept libraries. Returns (kept, dropped names).
    """
    by_base: dict[str, tuple] = {}
    roots: list[tuple] = []
    for entry in binaries:
        dest = str(_posix(entry[0]))
        if "/" in dest or dest.startswith("libpython"):
            roots.append(entry)
        else:
            by_base[dest] = entry
    reached: set[str] = set()
    todo = [e[1] for e in roots]
    seen_src: set[str] = set()
    while todo:
        src = todo.pop()
        if src in seen_src:
            continue
        seen_src.add(src)
        for name in imports_of(src):
            base = _posix(name).name
            if base in by_base and base not in reached:
                reached.add(base)
                todo.append(by_base[base][1])
    kept = [e for e in binaries if "/" in str(_posix(e[0])) or str(_posix(e[0])) in reached
            or str(_posix(e[0])).startswith("libpython")]
    dropped = sorted(set(by_base) - reached - {b for b in by_base if b.startswith("libpython")})
    return kept, dropped


def data_entries() -> list[tuple[str, str]]:
    """(source, bundle folder) pairs for Analysis(datas=…): DATA at the bundle root, minus DATA_SKIP."""
    import fnmatch

    out: list[tuple[str, str]] = []
    for name in DATA:
        src = ROOT / name
        if src.is_file():
            out.append((str(src), "."))
            continue
        for f in sorted(src.rglob("*")):
            rel = f.relative_to(ROOT)
            if not f.is_file() or any(fnmatch.fnmatch(part, pat) for part in rel.parts for pat in DATA_SKIP):
                continue
            out.append((str(f), str(rel.parent)))
    return out


def app_modules() -> list[str]:
    """Every module of the ``desktop`` package, found on disk without importing any of them.

    The CLI imports its commands with importlib and desktop.core.catalog imports the readers by
    name, so PyInstaller cannot see them; listing them all keeps later modules working too.
    """
    pkg = ROOT / "desktop"
    mods = []
    for f in sorted(pkg.rglob("*.py")):
        rel = f.relative_to(ROOT).with_suffix("")
        if "__pycache__" in rel.parts or "tests" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        mods.append(".".join(parts))
    return mods
