#!/usr/bin/python3
"""Python binding benchmark (issue: Python bindings), side by side in one run on the same rows:
bulk import of N customers from NumPy arrays and from a list of dicts, against the same import
through the C++ facade (measured by bench_bindings in this run); target: arrays <= 1.5x C++.
Also a trivial call (the schema version): ns per call.

Usage: bench_python.py BENCH_BINDINGS_BINARY [--rows N]   (PYTHONPATH must reach the inscrm package)
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

import inscrm


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bench_bindings")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rows.csv")
        out = subprocess.run([args.bench_bindings, "--rows", str(args.rows), "--calls", "1000000", "--csv", path],
                             check=True, capture_output=True, text=True).stdout
        cxx = float(next(line.split("=")[1] for line in out.splitlines() if line.startswith("cxx_import_seconds=")))
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))

    columns = {key: np.array([r[key] for r in rows], dtype=object) for key in rows[0]}
    columns["annual_income"] = np.array([int(r["annual_income"]) for r in rows], dtype=np.int64)
    dicts = [dict(r, annual_income=int(r["annual_income"])) for r in rows]

    with inscrm.open("memory:") as crm:
        start = time.perf_counter()
        report = crm.customers.import_arrays(columns)
        t_arrays = time.perf_counter() - start
        assert report.imported == args.rows, report.errors[:3]
    with inscrm.open("memory:") as crm:
        start = time.perf_counter()
        report = crm.customers.import_rows(dicts)
        t_dicts = time.perf_counter() - start
        assert report.imported == args.rows, report.errors[:3]
        calls = 1_000_000
        start = time.perf_counter()
        for _ in range(calls):
            crm.schema_version  # a property read that crosses into C++ and back
        ns_call = 1e9 * (time.perf_counter() - start) / calls

    # Two threads importing half the rows each into two databases vs the same two imports in turn:
    # the GIL is released inside the library, so on two idle cores the threads overlap.
    # The text columns as NumPy unicode arrays (what np.array(list_of_str) gives): their cells are
    # read from the buffer without the GIL. Object-dtype columns (pandas' default for text) need
    # the GIL for every cell, so with them the two conversions take turns.
    native = {k: (v.astype(str) if v.dtype == object else v) for k, v in columns.items()}
    half = args.rows // 2
    halves = [{k: v[:half] for k, v in native.items()},
              {k: v[half:2 * half] for k, v in native.items()}]

    def import_half(cols):
        with inscrm.open("memory:") as db:
            db.customers.import_arrays(cols)

    start = time.perf_counter()
    for cols in halves:
        import_half(cols)
    t_serial = time.perf_counter() - start
    threads = [threading.Thread(target=import_half, args=(cols,)) for cols in halves]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t_parallel = time.perf_counter() - start

    print(f"bulk import of {args.rows} customers: C++ facade {cxx:.3f} s")
    print(f"  from NumPy arrays   {t_arrays:.3f} s  = {t_arrays / cxx:.2f}x C++  (target <= 1.5x) "
          f"{'ok' if t_arrays <= 1.5 * cxx else 'ABOVE TARGET'}")
    print(f"  from a list of dicts {t_dicts:.3f} s  = {t_dicts / cxx:.2f}x C++")
    print(f"two imports of {half} rows: two threads {t_parallel:.3f} s vs one after the other {t_serial:.3f} s "
          f"= {t_parallel / t_serial:.2f}")
    print(f"trivial call (crm.schema_version): {ns_call:.0f} ns/call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
