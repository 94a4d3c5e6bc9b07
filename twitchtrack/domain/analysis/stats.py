"""Small statistics helpers the count model shares (no scipy at import)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def benjamini_hochberg(p: Sequence[float] | FloatArray) -> list[float]:
    """Benjamini-Hochberg adjusted p-values, in the order given."""
    arr = np.asarray(p, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError("p-values must be a flat sequence")
    if arr.size == 0:
        return []
    if not np.all((arr >= 0.0) & (arr <= 1.0)):
        raise ValueError("p-values must be numbers between 0 and 1")
    m = arr.size
    order = np.argsort(arr, kind="mergesort")
    scaled = arr[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    out = np.empty(m, dtype=np.float64)
    out[order] = adjusted
    return [float(v) for v in out]
