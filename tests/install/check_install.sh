#!/usr/bin/env bash
# Installs the built tree into a temporary prefix, then builds examples/cpp against it twice: with
# find_package(inscrm) and with pkg-config. Proves a host can use what `cmake --install` gives it.
# Usage: check_install.sh <build-dir> <source-dir>
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null

echo "-- find_package(inscrm)"
cmake -S "$source/examples/cpp" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/quickstart" memory: | tail -n 3

echo "-- pkg-config inscrm"
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig"
# shellcheck disable=SC2046
c++ -o "$work/quickstart-pc" "$source/examples/cpp/quickstart.cpp" $(pkg-config --cflags --libs inscrm)
"$work/quickstart-pc" memory: | tail -n 3
echo "install check passed"
