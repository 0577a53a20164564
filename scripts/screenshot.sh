#!/usr/bin/env bash
# Runs the real console under Xvfb on demo servers and saves a picture of its window; the
# Windows build (a build dir of the windows preset) runs under Wine with Qt's windows platform.
# Usage: scripts/screenshot.sh [--processes|--details|--cleanup|--servers] [OUTPUT.png] [BUILD_DIR]
#   (default resources/screenshot.png, build/default; --processes: the Processes page;
#   --details: the Session Details pane open on a session of the first server;
#   --cleanup: the preview of Log Off Idle or Disconnected on the All servers tab;
#   --servers: the server tree with two groups, showing the first group's view)
set -euo pipefail
cd "$(dirname "$0")/.."

extra=()
if [ "${1:-}" = --processes ]; then
    extra=(--screenshot-processes)
    shift
elif [ "${1:-}" = --details ]; then
    extra=(--screenshot-details)
    shift
elif [ "${1:-}" = --cleanup ]; then
    extra=(--screenshot-cleanup)
    shift
elif [ "${1:-}" = --servers ]; then
    extra=(--screenshot-group)
    groups=1
    shift
fi

output=${1:-resources/screenshot.png}
build=${2:-build/default}
if [ -f "$build/bin/session-console.exe" ]; then
    # Wine's own prefix in the build tree, as the tests use; Wine Mono and Gecko are not needed.
    export WINEPREFIX=$PWD/$build/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='
    console=("$(command -v wine64 || echo /usr/lib/wine/wine64)" "$build/bin/session-console.exe")
else
    console=("$build/bin/session-console")
    [ -x "${console[0]}" ] || { echo "screenshot: ${console[0]} not found; build first (cmake --preset default && cmake --build --preset default)" >&2; exit 1; }
fi

# A settings file of its own, so the user's servers and layout are neither used nor touched.
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT
servers=(
    --server 'demo:rdsh01?sessions=24&latency=30&churn=0'
    --server 'demo:rdsh02?sessions=18&latency=30&churn=0'
    --server 'demo:rdsh03?sessions=0&latency=0&fail=100'
)
if [ -n "${groups:-}" ]; then
    # Two groups as saved settings hold them: rdsh02 in both, and a member not open (rdsh04).
    printf '%s\n' '[General]' 'version=1' '' '[groups]' 'size=2' \
        '1\name=Berlin RDS farm' \
        '1\servers=demo:rdsh01?sessions=24&latency=30&churn=0, demo:rdsh02?sessions=18&latency=30&churn=0' \
        '2\name=Night shift' \
        '2\servers=demo:rdsh02?sessions=18&latency=30&churn=0, demo:rdsh03?sessions=0&latency=0&fail=100, demo:rdsh04' \
        >"$settings/console.ini"
    servers+=(--server 'demo:web01?sessions=6&latency=30&churn=0')
fi

xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" \
    "${console[@]}" --settings "$settings/console.ini" "${servers[@]}" \
    --screenshot "$output" "${extra[@]}"
echo "screenshot: $output"
