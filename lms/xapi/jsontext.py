"""Statement JSON out: orjson where it can, the standard library where it cannot.

orjson writes a statement ten times faster than the standard library. It refuses
integers beyond 64 bits, which then take the standard path. (It is not used for reading:
there it would turn such integers silently into floats.)
"""

import json

import orjson


def dumps(value) -> str:
    """Compact JSON text, non-ASCII characters as they are."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
