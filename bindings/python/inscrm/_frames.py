"""Column plumbing for the bulk paths: pandas frames and CSV files in, pandas frames out.

Work here is per column, never per row: each column is handed to the extension as one NumPy
array (or one tuple), and the extension converts the cells in C++.
"""

from __future__ import annotations

import csv
import itertools
from typing import Any, Dict

from ._core import InvalidArgument

def _invalid(field: str, message: str) -> InvalidArgument:
    # The same shape as the errors the extension raises: str() is "field: message".
    error = InvalidArgument(f"{field}: {message}")
    error.field = field
    error.message = message
    return error


# NumPy dtype kinds the extension reads straight from the buffer.
_NATIVE_KINDS = frozenset("iufbMUS")


def columns_of(frame: Any) -> Dict[str, Any]:
    """A pandas DataFrame as {column name: 1-D NumPy array} for import_arrays."""
    import pandas as pd  # only this path needs pandas

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas.DataFrame, not {type(frame).__name__}")
    out: Dict[str, Any] = {}
    for name in frame.columns:
        if not isinstance(name, str):
            raise TypeError(f"column names must be strings, not {name!r}")
        series = frame[name]
        dtype = series.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            # Aware timestamps: their UTC calendar day, as the library keeps instants in UTC.
            out[name] = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
        elif getattr(dtype, "kind", "O") in _NATIVE_KINDS and not pd.api.types.is_extension_array_dtype(dtype):
            out[name] = series.to_numpy()
        else:
            # object, string, nullable Int64, categorical…: Python objects with None for missing.
            out[name] = series.to_numpy(dtype=object, na_value=None)
    return out


def csv_columns(path: Any, encoding: str) -> Dict[str, Any]:
    """A CSV file with a header row as {column name: tuple of cell texts}.

    The csv module parses in C and zip() transposes in C, so no Python code runs per row.
    """
    with open(path, newline="", encoding=encoding) as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return {}
        header = [h.strip() for h in header]
        if len(set(header)) != len(header):
            raise _invalid("path", f"{path}: the header names a column twice")
        columns = list(itertools.zip_longest(*reader, fillvalue=""))
    if len(columns) > len(header):
        raise _invalid("path", f"{path}: a row has more cells than the header has names")
    if not columns:
        return {name: () for name in header}
    return {name: columns[i] if i < len(columns) else ("",) * len(columns[0]) for i, name in enumerate(header)}


def dataframe(arrays: Dict[str, Any]) -> Any:
    """export_arrays() output as a DataFrame; *_at instants become tz-aware UTC timestamps."""
    import pandas as pd

    frame = pd.DataFrame(arrays)
    for name in frame.columns:
        if name.endswith("_at"):
            frame[name] = frame[name].dt.tz_localize("UTC")
    return frame


def portfolio_frame(arrays: Dict[str, Any]) -> Any:
    """Portfolio.arrays() as a DataFrame indexed by customer id, one column per fact."""
    import pandas as pd

    return pd.DataFrame(arrays).set_index("customer")
