"""How the kernels are compiled: numba, without the GIL, cached on disk.

Compiled code is cached beside the modules, or in the user's cache folder where theirs is
read-only; with neither writable, each process compiles its own.
"""

from __future__ import annotations

import warnings

from numba import njit


def compiled(function):
    """``function`` compiled without the GIL, cached on disk where numba finds a writable place."""
    try:
        return njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba's "no locator available": nowhere to write the cache
        warnings.warn(
            "trendwatch.similar: no writable folder for numba's cache (set NUMBA_CACHE_DIR); "
            "each process compiles the kernels on first use (about 10 s)",
            RuntimeWarning,
            stacklevel=2,
        )
        return njit(nogil=True)(function)

