#!/usr/bin/env bash
# Qt's window system plugin (xcb) loads X11 libraries that a fresh Debian or Ubuntu machine does not have;
# without them `make run` stops with "Could not load the Qt platform plugin "xcb"". Install the missing ones
# from Debian's packages, the way tools/ensure-postgresql.sh installs PostgreSQL for the tests.
# On another system, or without root or sudo, name the packages and the one command that installs them.
set -euo pipefail

# Debian package and the library it brings, checked by the library (package names differ between releases).
LIBRARIES=(
    libegl1:libEGL.so.1 libgl1:libGL.so.1 libglib2.0-0:libglib-2.0.so.0 libdbus-1-3:libdbus-1.so.3
    libfontconfig1:libfontconfig.so.1 libfreetype6:libfreetype.so.6 libx11-6:libX11.so.6
    libx11-xcb1:libX11-xcb.so.1 libxext6:libXext.so.6 libxrender1:libXrender.so.1
    libxkbcommon0:libxkbcommon.so.0 libxkbcommon-x11-0:libxkbcommon-x11.so.0 libxcb1:libxcb.so.1
    libxcb-cursor0:libxcb-cursor.so.0 libxcb-glx0:libxcb-glx.so.0 libxcb-icccm4:libxcb-icccm.so.4
    libxcb-image0:libxcb-image.so.0 libxcb-keysyms1:libxcb-keysyms.so.1 libxcb-randr0:libxcb-randr.so.0
    libxcb-render0:libxcb-render.so.0 libxcb-render-util0:libxcb-render-util.so.0
    libxcb-shape0:libxcb-shape.so.0 libxcb-shm0:libxcb-shm.so.0 libxcb-sync1:libxcb-sync.so.1
    libxcb-util1:libxcb-util.so.1 libxcb-xfixes0:libxcb-xfixes.so.0 libxcb-xinerama0:libxcb-xinerama.so.0
    libxcb-xinput0:libxcb-xinput.so.0 libxcb-xkb1:libxcb-xkb.so.1
)

if ! command -v apt-get >/dev/null 2>&1; then
    exit 0  # not Debian or Ubuntu: Qt names any missing library itself when it starts
fi
present=$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p)
missing=()
for entry in "${LIBRARIES[@]}"; do
    if ! grep -qF "${entry#*:} " <<<"$present"; then
        missing+=("${entry%%:*}")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
"$(dirname "$0")/apt-install.sh" "桌面程序需要的 Qt 系统库没有装全" "${missing[@]}"
