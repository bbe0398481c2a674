#!/usr/bin/env bash
# Installs dependencies, builds newsdedup and runs every test through ctest.
# Usage: ./scripts/test.sh [ctest args...]   (PRESET=dev|release|ci|asan|tsan, default ci)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
preset=${PRESET:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" --timeout 600 "$@"
