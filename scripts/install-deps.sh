#!/usr/bin/env bash
# Installs, with apt-get, whatever the build and the tests need and this machine lacks.
# Usage: scripts/install-deps.sh [base] [lab] [wts] [windows]   (no argument: all groups)
set -euo pipefail

declare -A groups=(
    [base]="cmake g++ make clang-format jq qt6-base-dev qt6-tools-dev qt6-l10n-tools libsystemd-dev libgl-dev libgtest-dev libgmock-dev libbenchmark-dev xvfb xauth imagemagick"
    [lab]="debootstrap systemd-container systemd openssh-client dbus procps util-linux"
    [wts]="cmake googletest g++-mingw-w64-x86-64-posix wine64"
    [windows]="cmake ninja-build googletest g++-mingw-w64-x86-64-posix wine64 qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-l10n-tools xz-utils xvfb xauth"
)

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(base lab wts windows)

missing=()
for group in "${wanted[@]}"; do
    [ -n "${groups[$group]+x}" ] || { echo "install-deps: unknown group '$group'" >&2; exit 2; }
    for package in ${groups[$group]}; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
done

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
