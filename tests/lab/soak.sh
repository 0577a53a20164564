#!/usr/bin/env bash
# Soak test of the logind backend: boots a lab of 4 hosts of its own, runs soak_logind
# against it for MINUTES (default 30) while sessions come and go, and stops the lab on any
# exit. soak_logind prints the figures and fails on growth or rows that differ from loginctl.
# Usage: tests/lab/soak.sh [MINUTES] [BUILD_DIR]   (BUILD_DIR defaults to build/default)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
minutes=${1:-30}
build=${2:-$here/../../build/default}
soak=$build/bin/soak_logind
[ -x "$soak" ] || { echo "soak: $soak is missing; build the soak_logind target first" >&2; exit 2; }
state=$(mktemp -d /tmp/session-console-soak-lab.XXXXXX)
trap 'rm -rf "$state"' EXIT
SC_LAB_DIR=$state/lab "$here/lab.sh" run 4 -- "$soak" "$minutes"
