#!/usr/bin/env bash
# Installs dependencies, builds newsdedup and runs every test through ctest.
# Usage: ./scripts/test.sh [ctest args...]   (PRESET=dev|release|ci|asan|tsan, default ci)
# Sanitizers: SANITIZERS=asan,tsan (the default when CI=true, none otherwise) also builds those
# presets and runs the SANITIZER_LABELS tests under each (default "unit|fuzz|integration": unit
# tests, the fuzz corpus replay and the Kafka/daemon integration tests, whose daemons run
# instrumented too); e.g. SANITIZER_LABELS='unit|fuzz' for a quicker run. Selection is by label,
# so new integration tests join automatically. Each stage prints its wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
preset=${PRESET:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
# Two at a time: the machine has 2 cores and most of the integration tests' time is waiting on
# the mock broker and consumer-group joins (the sanitizer runs below do the same).
ctest --preset "$preset" --timeout 600 -j2 "$@"

if [[ "${CI:-}" == "true" ]]; then
  sanitizers=${SANITIZERS-asan,tsan}
else
  sanitizers=${SANITIZERS-}
fi
labels=${SANITIZER_LABELS:-unit|fuzz|integration}
# Not run under sanitizers: the benchmark generator's tests (bench support, not the daemon; about
# 90% of the unit time under ASan, and covered by the run above) and the Dockerfile check that
# the binary needs no library missing from the runtime image (sanitizer runtimes are not there).
exclude='^ArticleGeneratorTest\.|^deploy_dockerfile$'
IFS=',' read -ra sanitizer_list <<<"$sanitizers"
for s in "${sanitizer_list[@]}"; do
  [[ -n "$s" ]] || continue
  echo "test.sh: $s build, tests labelled '$labels'" >&2
  started=$SECONDS
  cmake --preset "$s" >/dev/null
  cmake --build --preset "$s"
  built=$SECONDS
  ctest --preset "$s" --timeout 600 -j2 -L "$labels" -E "$exclude"
  echo "test.sh: $s build $((built - started)) s, tests $((SECONDS - built)) s" >&2
done
