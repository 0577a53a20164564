#!/usr/bin/env bash
# Formats the C++ sources with clang-format and the repository's .clang-format.
# Usage: scripts/format.sh [--check]   (--check: change nothing, list unformatted files, fail if any)
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--check" ]; then
    unformatted=()
    for file in "${files[@]}"; do
        clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
    done
    if [ ${#unformatted[@]} -gt 0 ]; then
        echo "format: not formatted as .clang-format says (run scripts/format.sh):" >&2
        printf '  %s\n' "${unformatted[@]}" >&2
        exit 1
    fi
    echo "format: ${#files[@]} files formatted"
else
    clang-format -i "${files[@]}"
fi
