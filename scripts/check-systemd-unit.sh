#!/usr/bin/env bash
# Checks deploy/systemd/newsdedup.service: `systemd-analyze verify` must pass and
# `systemd-analyze security --offline=yes` must rate the exposure <= 2.0 (systemd >= 250).
# Usage: check-systemd-unit.sh [UNIT_FILE] [NEWSDEDUP_BINARY]
# The unit names /usr/bin/newsdedup, which verify requires to exist; a temporary copy of the
# unit points at the given binary (or a stub) instead. Exits 77 (skipped) without systemd-analyze.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
unit=${1:-$here/deploy/systemd/newsdedup.service}
binary=${2:-}
max_exposure=2.0

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "check-systemd-unit: systemd-analyze not found; skipped" >&2
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ -z $binary ]]; then
  binary=$tmp/newsdedup
  printf '#!/bin/sh\nexit 0\n' >"$binary"
  chmod +x "$binary"
fi
sed "s|/usr/bin/newsdedup|$binary|g" "$unit" >"$tmp/newsdedup.service"

echo "== systemd-analyze verify" >&2
if ! out=$(systemd-analyze verify "$tmp/newsdedup.service" 2>&1) || [[ -n $out ]]; then
  echo "$out" >&2
  echo "check-systemd-unit: verify failed" >&2
  exit 1
fi

echo "== systemd-analyze security --offline=yes" >&2
report=$(systemd-analyze security --offline=yes "$tmp/newsdedup.service" 2>&1) || true
level=$(sed -n 's/.*Overall exposure level for newsdedup.service: \([0-9.]*\).*/\1/p' <<<"$report")
if [[ -z $level ]]; then
  echo "$report" >&2
  echo "check-systemd-unit: no exposure level in the report" >&2
  exit 1
fi
echo "exposure level $level (limit $max_exposure)" >&2
if awk -v l="$level" -v m="$max_exposure" 'BEGIN { exit !(l > m) }'; then
  grep '✗' <<<"$report" >&2 || true
  echo "check-systemd-unit: exposure $level is above $max_exposure" >&2
  exit 1
fi
echo "check-systemd-unit: OK" >&2
