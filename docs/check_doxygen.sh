#!/usr/bin/env bash
# Runs Doxygen on the API reference and fails on any warning (the warnings go to a log file, which
# must come out empty) or when the reference lacks its main entry points.
set -euo pipefail
doxygen=$1 doxyfile=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
"$doxygen" "$doxyfile"
if [ -s "$out/warnings.log" ]; then
  echo "doxygen warnings:"
  cat "$out/warnings.log"
  exit 1
fi
for page in index.html classinscrm_1_1Crm.html inscrm_8h.html; do
  [ -f "$out/html/$page" ] || { echo "missing from the reference: $page"; exit 1; }
done
echo "doxygen: no warnings, $(find "$out/html" -name '*.html' | wc -l) pages"
