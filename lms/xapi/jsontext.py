"""Statement JSON in and out.

Out: orjson where it can, the standard library where it cannot. orjson writes a statement
ten times faster than the standard library. It refuses integers beyond 64 bits, which then
take the standard path.

In: :func:`loads`, strict and bounded, for every JSON a client sends (bodies, multipart
parts, query parameters, signatures, paging tokens). It refuses what would break later:
invalid UTF-8, ``NaN``/``Infinity`` and numbers too large for a float, lone surrogates
(they cannot be stored as UTF-8), U+0000 (PostgreSQL text cannot hold it) and nesting
deeper than :data:`MAX_DEPTH` (a 100,000-deep body would otherwise exhaust the
interpreter's recursion). The standard
library reads; orjson would turn integers beyond 64 bits silently into floats.
"""

import json
import math
import re
from itertools import accumulate

import orjson

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in any JSON a client sends."""

_OPENING = frozenset(b"[{")
_NOT_A_BRACKET = bytes(set(range(256)) - set(b"[]{}"))
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|0000)")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class JsonTextError(ValueError):
    """JSON a client sent that Lernraum does not take; the message says why, in English
    like every LRS error."""


def dumps(value) -> str:
    """Compact JSON text, non-ASCII characters as they are."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _no_constant(name: str):
    raise JsonTextError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonTextError(f"the number {text[:40]} is too large")
    return value


def _deepest(value) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in item if isinstance(child, dict | list))
    return deepest


def _has_unstorable_text(value) -> bool:
    """True if a string (or key) holds U+0000 or a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _bracket_bound(raw: bytes) -> int:
    """An upper bound of the nesting depth (brackets inside strings count too), fast."""
    brackets = raw.translate(None, _NOT_A_BRACKET)
    steps = accumulate(1 if byte in _OPENING else -1 for byte in brackets)
    return max(steps, default=0)


def loads(data: bytes | str):
    """Parse JSON a client sent, or raise :class:`JsonTextError` saying what is wrong."""
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise JsonTextError("is not valid UTF-8") from error
        raw = bytes(data)
    else:
        text, raw = data, data.encode("utf-8", "surrogatepass")
    deep = _bracket_bound(raw) > MAX_DEPTH
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError as error:
        raise JsonTextError(f"is nested deeper than {MAX_DEPTH} levels") from error
    except JsonTextError:
        raise
    except ValueError as error:
        raise JsonTextError(str(error)) from error
    if deep and _deepest(value) > MAX_DEPTH:
        raise JsonTextError(f"is nested deeper than {MAX_DEPTH} levels")
    if (_UNSTORABLE_ESCAPE.search(text) or isinstance(data, str) and _UNSTORABLE.search(text)
            ) and _has_unstorable_text(value):
        raise JsonTextError("contains U+0000 or a lone surrogate (U+D800 to U+DFFF), which "
                            "Lernraum does not store")
    return value
