#!/usr/bin/env bash
# The whole test suite from a fresh clone: install what is missing, build with warnings as
# errors, run the unit and lab tests, then cross-build the WTS layer and run it under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

cmake --preset default -DSC_WARNINGS_AS_ERRORS=ON
cmake --build --preset default
ctest --preset default

cmake --preset wts-mingw
cmake --build --preset wts-mingw
ctest --preset wts-mingw
