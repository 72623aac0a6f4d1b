#!/usr/bin/python3
"""The pandas side of bench_rules (issue 5, Performance): the same 5-predicate rule with a count
per region, over the columns bench_rules wrote to DIR as raw arrays (nulls as pandas holds them:
NaN in float columns, code -1 in categoricals). Prints the best query time of REPEAT runs as
pandas_seconds=S and the members per region as "count REGION N" ("NULL" for no region).
Loading the arrays into the DataFrame is not timed: bench_rules times only the query on each side.

Usage: bench_rules_pandas.py DIR REPEAT   (run by bench_rules with /usr/bin/python3)
"""
import os
import sys
import time

import numpy as np
import pandas as pd


def main() -> int:
    folder, repeat = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(folder, "meta.txt"), encoding="utf-8") as f:
        rows = int(f.readline())
        as_of = int(f.readline())
        genders = f.readline().split()
        regions = f.readline().split()

    def column(name, dtype):
        values = np.fromfile(os.path.join(folder, name), dtype=dtype)
        assert len(values) == rows, (name, len(values), rows)
        return values

    df = pd.DataFrame({
        "age": column("age.f8", np.float64),
        "gender": pd.Categorical.from_codes(column("gender.u1", np.uint8).astype(np.int8), categories=genders),
        "region": pd.Categorical.from_codes(column("region.i2", np.int16), categories=regions),
        "annual_income": column("annual_income.f8", np.float64),
        "policies_in_force": column("policies_in_force.i1", np.int8),
        "last_contact": column("last_contact.f8", np.float64),
    })

    best, counts = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        members = (df["age"].between(30, 55) & (df["gender"] == "female") & (df["annual_income"] >= 150000)
                   & (df["policies_in_force"] >= 1) & ((as_of - df["last_contact"]) <= 180))
        # value_counts rather than groupby: pandas 1.5 drops the null group of a categorical
        # under groupby(observed=True, dropna=False).
        counts = df.loc[members, "region"].value_counts(dropna=False, sort=False)
        best = min(best, time.perf_counter() - start)

    print(f"pandas_seconds={best:.6f}")
    for region, n in counts.items():
        print(f"count {'NULL' if pd.isna(region) else region} {int(n)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
