#!/usr/bin/env bash
# The whole test suite from a fresh clone: install what is missing; check that the sources are
# formatted as .clang-format says; build with warnings as errors and run the unit and lab
# tests; cross-build the WTS layer and run it under Wine; run the unit and lab tests again
# under AddressSanitizer (with UBSan and LSan), and the engine, scheduler and action workers
# under ThreadSanitizer; cross-build the whole program for Windows (Qt cross-built once into a
# cache) and run its tests, the scripted RD Session Host and the package under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

run() { echo "== $*"; "$@"; }

run scripts/format.sh --check

run cmake --preset default -DSC_WARNINGS_AS_ERRORS=ON
run cmake --build --preset default
run ctest --preset default

run cmake --preset wts-mingw
run cmake --build --preset wts-mingw
run ctest --preset wts-mingw

run cmake --preset asan
run cmake --build --preset asan
run ctest --preset asan

run cmake --preset tsan
run cmake --build --preset tsan
run ctest --preset tsan

run scripts/build-qt-mingw.sh
run cmake --preset windows
run cmake --build --preset windows
run ctest --preset windows
