#!/usr/bin/env bash
# Runs bench_fleet in a lab of its own: boots HOSTS logind hosts (default 10), each of which
# the benchmark reaches under 5 and then 50 ssh aliases, and stops them on any exit.
# Usage: tests/lab/run-fleet.sh BUILD_DIR [HOSTS] [bench_fleet arguments...]
set -euo pipefail

build=${1:?usage: tests/lab/run-fleet.sh BUILD_DIR [HOSTS] [bench_fleet arguments...]}
hosts=${2:-10}
shift $(($# >= 2 ? 2 : 1))
bench=$build/bin/bench_fleet
[ -x "$bench" ] || { echo "run-fleet: $bench is missing; build the bench_fleet target first" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d /tmp/session-console-fleet-lab.XXXXXX)
trap 'rm -rf "$state"' EXIT
SC_LAB_DIR=$state/lab "$here/lab.sh" run "$hosts" -- "$bench" "$@"
