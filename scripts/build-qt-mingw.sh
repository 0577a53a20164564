#!/usr/bin/env bash
# Cross-builds Debian's own qtbase source (the host Qt's version) for x86_64-w64-mingw32 and
# installs it into a cache, once: Core, Concurrent, Gui, Widgets, Test, the windows platform
# plugin and the windowsvista style, as shared libraries. Quiet unless it fails.
# The cache is keyed by version and recipe: a changed recipe rebuilds, an unchanged one returns at once.
# Usage: scripts/build-qt-mingw.sh          (cache: $SC_CACHE_DIR, default /var/cache/session-console)
# Prints nothing; the install prefix is $SC_CACHE_DIR/qt6-mingw-$QT_VERSION.
set -euo pipefail

QT_VERSION=6.4.2
QT_SOURCE_VERSION=6.4.2+dfsg
CACHE_DIR=${SC_CACHE_DIR:-/var/cache/session-console}
PREFIX=$CACHE_DIR/qt6-mingw-$QT_VERSION
JOBS=${SC_JOBS:-2}

die() { echo "build-qt-mingw: $*" >&2; exit 1; }

# The toolchain lives inside the cache: Qt's installed qt.toolchain.cmake records its absolute path.
TOOLCHAIN='set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
'

# Off: what the program does not use, the system copies of bundled libraries (the bundled ones
# build for Windows), wintab (missing from the +dfsg tarball) and directwrite3 (needs direct2d).
# OpenGL goes off through its input, as configure -no-opengl does: FEATURE_opengl=OFF alone
# leaves desktop OpenGL on and the windows platform plugin fails to compile.
OPTIONS=(
    -DCMAKE_BUILD_TYPE=Release
    -DBUILD_SHARED_LIBS=ON
    -DQT_HOST_PATH=/usr
    -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake
    -DQT_BUILD_EXAMPLES=OFF
    -DQT_BUILD_TESTS=OFF
    -DINPUT_opengl=no
    -DFEATURE_dbus=OFF
    -DFEATURE_sql=OFF
    -DFEATURE_network=OFF
    -DFEATURE_printsupport=OFF
    -DFEATURE_vulkan=OFF
    -DFEATURE_zstd=OFF
    -DFEATURE_icu=OFF
    -DFEATURE_glib=OFF
    -DFEATURE_system_zlib=OFF
    -DFEATURE_system_pcre2=OFF
    -DFEATURE_system_png=OFF
    -DFEATURE_system_jpeg=OFF
    -DFEATURE_system_freetype=OFF
    -DFEATURE_system_harfbuzz=OFF
    -DFEATURE_system_doubleconversion=OFF
    -DFEATURE_tabletevent=OFF
    -DFEATURE_direct2d=OFF
    -DFEATURE_directwrite3=OFF
)

recipe_key() {
    { echo "$QT_SOURCE_VERSION"; echo "$TOOLCHAIN"; printf '%s\n' "${OPTIONS[@]}"; } | sha256sum | cut -d' ' -f1
}
KEY=$(recipe_key)

[ "$(cat "$PREFIX/.sc-recipe" 2>/dev/null)" = "$KEY" ] && exit 0

mkdir -p "$CACHE_DIR"
exec 9>"$PREFIX.lock"
flock 9
[ "$(cat "$PREFIX/.sc-recipe" 2>/dev/null)" = "$KEY" ] && exit 0

for tool in x86_64-w64-mingw32-g++-posix ninja cmake apt-get tar; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh windows)"
done
[ -x /usr/lib/qt6/libexec/moc ] || die "the host Qt $QT_VERSION is missing (scripts/install-deps.sh base)"

# The Debian mirror this machine's apt already uses; never a URL of our own.
apt_mirror() { "$(dirname "${BASH_SOURCE[0]}")/apt-mirror.sh" || die "cannot read the Debian mirror"; }

WORK=$(mktemp -d "$CACHE_DIR/qt6-mingw-build.XXXXXX")
LOG=$WORK/build.log
trap 'rm -rf "$WORK"' EXIT
fail() {
    cp "$LOG" "$CACHE_DIR/qt6-mingw-build.log"
    tail -n 60 "$LOG" >&2
    die "$1 (whole log: $CACHE_DIR/qt6-mingw-build.log)"
}

# A private apt state with one deb-src line, so the machine's own apt configuration is untouched.
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial" "$WORK/src"
echo "deb-src $(apt_mirror) $suite main" >"$WORK/apt/sources.list"
apt_options=(
    -o "Dir::Etc::SourceList=$WORK/apt/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$WORK/apt/lists"
    -o "Dir::Cache=$WORK/apt/cache"
    -o "APT::Sandbox::User=root"
)
apt-get "${apt_options[@]}" update >>"$LOG" 2>&1 || fail "apt-get update (deb-src) failed"
(cd "$WORK/src" && apt-get "${apt_options[@]}" source --download-only qt6-base) \
    >>"$LOG" 2>&1 || fail "apt-get source qt6-base=$QT_SOURCE_VERSION failed"
orig=$(ls "$WORK"/src/qt6-base_"$QT_SOURCE_VERSION".orig.tar.* 2>/dev/null | head -n 1)
[ -n "$orig" ] || fail "no qt6-base $QT_SOURCE_VERSION source tarball was fetched"
tar -xf "$orig" -C "$WORK/src" >>"$LOG" 2>&1 || fail "unpacking $orig failed"
source_dir=$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name 'qtbase*' | head -n 1)
[ -n "$source_dir" ] || fail "the source tarball holds no qtbase directory"

rm -rf "$PREFIX"
mkdir -p "$PREFIX"
printf '%s' "$TOOLCHAIN" >"$PREFIX/mingw-w64-toolchain.cmake"
cmake -S "$source_dir" -B "$WORK/build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$PREFIX/mingw-w64-toolchain.cmake" \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" "${OPTIONS[@]}" >>"$LOG" 2>&1 || fail "configuring qtbase failed"
cmake --build "$WORK/build" --parallel "$JOBS" >>"$LOG" 2>&1 || fail "building qtbase failed"
cmake --install "$WORK/build" >>"$LOG" 2>&1 || fail "installing qtbase failed"
echo "$KEY" >"$PREFIX/.sc-recipe"
