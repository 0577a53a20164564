#!/usr/bin/env bash
# Runs bench_logind in a lab of its own: boots two logind hosts (the benchmark's, and one
# it freezes to measure isolation), runs the benchmark, and stops the hosts on any exit.
# Usage: tests/lab/run-bench.sh BUILD_DIR [bench_logind arguments...]
set -euo pipefail

build=${1:?usage: tests/lab/run-bench.sh BUILD_DIR [--enumerate-only | --isolation-only]}
shift
bench=$build/bin/bench_logind
[ -x "$bench" ] || { echo "run-bench: $bench is missing; build the bench_logind target first" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d /tmp/session-console-bench-lab.XXXXXX)
trap 'rm -rf "$state"' EXIT
SC_LAB_DIR=$state/lab "$here/lab.sh" run 2 -- "$bench" "$@"
