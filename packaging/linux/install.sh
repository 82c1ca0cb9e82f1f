#!/bin/sh
# Install Stackscope from this unpacked folder: the app, a menu entry and its icons.
#
#   ./install.sh               for you only: ~/.local/opt/stackscope, ~/.local/bin/stackscope
#   sudo ./install.sh --system for every account (lab machines): /opt/stackscope, /usr/local/bin
#   ./install.sh --uninstall   (or sudo ./install.sh --system --uninstall) removes it again
#
# Nothing is downloaded. PREFIX=/some/dir overrides the app folder. The app needs, from the system,
# only what every desktop Linux has: glibc 2.28+, libstdc++, libGL/libEGL, libxcb, fontconfig and
# libdbus; it says so below if one of them is missing.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
MODE=user
ACTION=install
for arg in "$@"; do
    case "$arg" in
        --system) MODE=system ;;
        --uninstall) ACTION=uninstall ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done

if [ "$MODE" = system ]; then
    PREFIX=${PREFIX:-/opt/stackscope}
    BIN=/usr/local/bin
    SHARE=/usr/local/share
else
    PREFIX=${PREFIX:-$HOME/.local/opt/stackscope}
    BIN=$HOME/.local/bin
    SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
fi
SIZES="16 32 48 64 128 256 512"

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
    rm -rf "$PREFIX"
    [ -L "$BIN/stackscope" ] && rm -f "$BIN/stackscope"
    rm -f "$SHARE/applications/stackscope.desktop"
    for s in $SIZES; do rm -f "$SHARE/icons/hicolor/${s}x${s}/apps/stackscope.png"; done
    rm -f "$SHARE/icons/hicolor/scalable/apps/stackscope.svg"
    refresh_caches
    echo "Stackscope removed (your settings and progress stay in your home folder)."
    exit 0
fi

if [ ! -x "$HERE/stackscope" ] || [ ! -d "$HERE/_internal" ]; then
    echo "install.sh: run me from the unpacked Stackscope folder (stackscope and _internal/ missing)" >&2
    exit 1
fi

# The app folder: copied whole, replacing an older version.
mkdir -p "$(dirname "$PREFIX")"
rm -rf "$PREFIX.new"
mkdir -p "$PREFIX.new"
cp -R "$HERE/stackscope" "$HERE/_internal" "$PREFIX.new/"
rm -rf "$PREFIX"
mv "$PREFIX.new" "$PREFIX"

mkdir -p "$BIN" "$SHARE/applications"
ln -sf "$PREFIX/stackscope" "$BIN/stackscope"

# Menu entry, pointing at the installed program by its full path (~/.local/bin is not always on
# PATH), and the icons in the hicolor theme at every size the desktop may ask for.
sed -e "s|^Exec=.*|Exec=$PREFIX/stackscope|" -e "s|^TryExec=.*|TryExec=$PREFIX/stackscope|" \
    "$HERE/stackscope.desktop" > "$SHARE/applications/stackscope.desktop"
chmod 644 "$SHARE/applications/stackscope.desktop"
ICONS="$PREFIX/_internal/assets/icons"
for s in $SIZES; do
    mkdir -p "$SHARE/icons/hicolor/${s}x${s}/apps"
    cp "$ICONS/stackscope-$s.png" "$SHARE/icons/hicolor/${s}x${s}/apps/stackscope.png"
done
mkdir -p "$SHARE/icons/hicolor/scalable/apps"
cp "$ICONS/stackscope.svg" "$SHARE/icons/hicolor/scalable/apps/stackscope.svg"
refresh_caches

# Does it start? --version needs no display; then look for system libraries Qt's X11 plugin needs.
"$PREFIX/stackscope" --version
missing=$(LD_LIBRARY_PATH="$PREFIX/_internal" ldd "$PREFIX/_internal/PySide6/Qt/plugins/platforms/libqxcb.so" 2>/dev/null \
          | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
if [ -n "$missing" ]; then
    echo "warning: the system lacks $missing- on Debian/Ubuntu:" >&2
    echo "  sudo apt-get install libgl1 libegl1 libxcb1 libfontconfig1 libdbus-1-3" >&2
fi
echo "Stackscope installed in $PREFIX: start it from the menu (Education) or run $BIN/stackscope"
