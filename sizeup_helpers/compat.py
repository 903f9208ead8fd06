"""What differs between pandas 2.2 and pandas 3, in one place.

pandas 3 stores text in the ``str`` dtype (missing values as ``NaN``); pandas 2.2 stores it
as ``object``. Every helper that builds a text column goes through :func:`text_array` or
:func:`default_text`, so the package returns the default text dtype of the pandas it runs
on, and a test written for one version holds on the other.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["PANDAS_3", "default_text", "text_array"]

#: Whether pandas 3 (or later) is installed: text columns use the ``str`` dtype.
PANDAS_3: bool = int(pd.__version__.split(".")[0]) >= 3


def text_array(values: np.ndarray) -> Any:
    """Text values (``None`` for missing) in pandas' default text dtype.

    A ``str`` extension array on pandas 3; on pandas 2 an ``object`` array whose missing
    values are ``NaN``, as ``read_csv(dtype=str)`` gives.

    Examples
    --------
    >>> import numpy as np
    >>> pd.Series(text_array(np.array(["a", None], dtype=object))).isna().tolist()
    [False, True]
    """
    if PANDAS_3:
        return pd.array(values, dtype="str")
    out = np.asarray(values, dtype=object).copy()
    out[pd.isna(out)] = np.nan
    return out


def default_text(data: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """``data`` (text held as ``object``) in pandas' default text dtype, missing kept.

    ``str`` on pandas 3; unchanged on pandas 2, where ``object`` is the default.

    Examples
    --------
    >>> s = default_text(pd.Series(["a", None], dtype=object))
    >>> s.isna().tolist(), str(s.dtype) in ("str", "object")
    ([False, True], True)
    """
    if not PANDAS_3:
        return data
    return data.astype("str").where(data.notna())
