#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt already uses: the project never names one itself.
set -euo pipefail
uri=""
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2; exit } $1 == "deb" { print $3; exit }' /etc/apt/sources.list)
fi
[ -n "$uri" ] || { echo "no Debian mirror found in the apt sources" >&2; exit 1; }
echo "$uri"
