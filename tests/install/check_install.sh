#!/usr/bin/env bash
# Installs the built tree into a temporary prefix, then builds examples/cpp against it twice: with
# find_package(inscrm) and with pkg-config. Proves a host can use what `cmake --install` gives it.
# Usage: check_install.sh <build-dir> <source-dir> [compiler flags of the build, e.g. sanitizers]
set -euo pipefail
build=$1 source=$2 flags=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null

echo "-- find_package(inscrm)"
cmake -S "$source/examples/cpp" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/quickstart" memory: | tail -n 3

echo "-- pkg-config inscrm"
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig"
# shellcheck disable=SC2046
 # shellcheck disable=SC2086
c++ $flags -o "$work/quickstart-pc" "$source/examples/cpp/quickstart.cpp" $(pkg-config --cflags --libs inscrm)
"$work/quickstart-pc" memory: | tail -n 3
echo "-- find_package(inscrm): the C quickstart against inscrm::inscrm_c"
cmake -S "$source/examples/c" -B "$work/cmake-build-c" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/cmake-build-c" >/dev/null
"$work/cmake-build-c/quickstart_c" memory: | tail -n 2

echo "-- pkg-config inscrm_c"
# shellcheck disable=SC2046,SC2086
cc -std=c11 $flags -o "$work/quickstart-c-pc" "$source/examples/c/quickstart.c" $(pkg-config --cflags --libs inscrm_c)
libdir=$(pkg-config --variable=libdir inscrm_c)
LD_LIBRARY_PATH="$libdir" "$work/quickstart-c-pc" memory: | tail -n 2
echo "install check passed"
