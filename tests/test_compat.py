"""Tests of sizeup_helpers.compat: one place for what differs between pandas 2.2 and 3."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sizeup_helpers import compat


def test_pandas_version_flag():
    assert compat.PANDAS_3 == (int(pd.__version__.split(".")[0]) >= 3)


def test_text_array_is_the_default_text_dtype():
    values = np.array(["a", None, "b"], dtype=object)
    series = pd.Series(compat.text_array(values))
    assert str(series.dtype) == ("str" if compat.PANDAS_3 else "object")
    assert series.isna().tolist() == [False, True, False]
    assert values[1] is None  # the input is not changed


def test_default_text_keeps_missing_values_and_the_shape():
    frame = pd.DataFrame({"a": ["x", None], "b": [None, "y"]}, dtype=object)
    out = compat.default_text(frame)
    assert out.isna().to_numpy().tolist() == [[False, True], [True, False]]
    assert out.shape == frame.shape
    assert compat.default_text(frame["a"]).tolist()[0] == "x"
    if compat.PANDAS_3:
        assert all(str(d) == "str" for d in out.dtypes)
    else:
        assert out is frame
