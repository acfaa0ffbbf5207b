#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs what is
# missing, builds, runs unit + API tests, then again under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
make -j"$(nproc)" build/canbo build/test-runner
make -j"$(nproc)" B=build-asan SAN=1 build-asan/canbo build-asan/test-runner
make check
