#!/usr/bin/env bash
# Builds the .deb with CPack from a built tree and checks its control fields and its file list
# with dpkg-deb: the tool, the C ABI (shared library with its SONAME link, header, pkg-config),
# the C++ headers, static library and CMake package.
set -euo pipefail
build=$1 version=$2 libdir=$3  # libdir: CMAKE_INSTALL_LIBDIR, relative to the /usr prefix
out="$build/package"
rm -rf "$out"
mkdir -p "$out"
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/inscrm_"$version"_*.deb)
echo "built $deb ($(du -h "$deb" | cut -f1))"

fields=$(dpkg-deb -f "$deb" Package Version Architecture Depends)
echo "$fields"
grep -qx "Package: inscrm" <<<"$fields"
grep -qx "Version: $version" <<<"$fields"
# dpkg-shlibdeps found the libraries the tool and the shared library load at run time.
grep -q "libsoci" <<<"$fields" || { echo "Depends lacks SOCI"; exit 1; }
grep -q "libsodium" <<<"$fields" || { echo "Depends lacks libsodium"; exit 1; }

listing=$(dpkg-deb -c "$deb")
files=$(awk '{print $6}' <<<"$listing")
expected=(
  ./usr/bin/inscrm
  ./usr/include/inscrm.h
  ./usr/include/inscrm_version.h
  ./usr/include/inscrm/crm.hpp
  ./usr/include/inscrm/version.hpp
  ./usr/include/inscrm/core/result.hpp
  "./usr/$libdir/libinscrm.a"
  "./usr/$libdir/libinscrm_c.so.$version"
  "./usr/$libdir/pkgconfig/inscrm.pc"
  "./usr/$libdir/pkgconfig/inscrm_c.pc"
  "./usr/$libdir/cmake/inscrm/inscrmConfig.cmake"
  "./usr/$libdir/cmake/inscrm/inscrmConfigVersion.cmake"
)
missing=0
for f in "${expected[@]}"; do
  grep -qx -- "$f" <<<"$files" || { echo "missing from the package: $f"; missing=1; }
done
# The SONAME link the dynamic linker follows.
grep -q "libinscrm_c.so.0 -> " <<<"$listing" || { echo "missing the libinscrm_c.so.0 link"; missing=1; }
# Nothing outside /usr (no build paths leaking in).
if grep -v -e '^\./$' -e '^\./usr/' <<<"$files"; then echo "files outside /usr"; missing=1; fi
[ "$missing" = 0 ]
echo "package/deb: $(wc -l <<<"$files") entries, all expected files present"
