#!/usr/bin/env bash
# Installs newsdedup's build, test and demo dependencies from Debian 12 packages only.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3
  librdkafka-dev libsimdjson-dev libxxhash-dev prometheus-cpp-dev
  libutf8proc-dev libyaml-cpp-dev libsystemd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  kcat
  python3-yaml  # deploy checks (tests/deploy)
  systemd  # systemd-analyze verify/security for deploy/systemd (scripts/check-systemd-unit.sh)
  prometheus  # promtool: metrics lint and alert rule tests; server for the scrape e2e test
  gnuplot-nox  # bench/plot_sweeps.sh: PNG plots of the benchmark sweeps
  clang libclang-rt-14-dev  # libFuzzer + sanitizer runtimes: the fuzz preset (tests/fuzz)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
