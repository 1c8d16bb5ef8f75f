"""Check the rows of a pandas DataFrame: the body of the Dask and Spark DataFrame recipes.

Each row is a record (`records.table_record`: the same columns, the same bad-row findings);
the answer is a DataFrame of result rows (`markcheck.formats.tabular`), one per document and
one per finding, with the columns of `tabular.COLUMNS` in every partition.
"""

from __future__ import annotations

from ..config import Config
from .records import Columns, table_record


def empty_rows():
    """A DataFrame with the result columns and no row (the `meta` Dask asks for)."""
    import pandas as pd

    from ..formats.tabular import COLUMNS

    return pd.DataFrame({name: pd.Series([], dtype="string" if kind == "string" else "Int64")
                         for name, kind in COLUMNS})


def check_frame(frame, columns: Columns, config: Config | None = None, archive: str = "table",
                seconds: float | None = None):
    """The result rows of every row of the pandas DataFrame `frame`."""
    import pandas as pd

    from ..formats.tabular import rows
    from .check import check_record
    from .partitions import warm

    config = config or Config()
    warm(config)
    out: list[dict] = []
    wanted = [name for name in columns.wanted() if name in frame.columns]
    for number, values in enumerate(frame[wanted].to_dict("records"), 1):
        values = {k: (None if _missing(v) else v) for k, v in values.items()}
        out.extend(rows(check_record(table_record(archive, number, values, columns), config, seconds)))
    if not out:
        return empty_rows()
    return pd.DataFrame(out).astype(empty_rows().dtypes.to_dict())


def _missing(value) -> bool:
    try:
        import pandas as pd

        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # an array-like value: not a missing scalar
        return False
