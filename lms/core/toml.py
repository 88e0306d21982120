"""Reading TOML that authors and uploads bring: ``tomllib`` with a bound on nesting."""

import tomllib
from typing import Any


def load_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with nesting too deep for the parser reported as a syntax error
    (tomllib recurses per level; a hostile file would otherwise end in RecursionError)."""
    try:
        return tomllib.loads(text)
    except RecursionError as error:
        raise tomllib.TOMLDecodeError(
            "Die Datei ist zu tief verschachtelt (Listen oder Tabellen in sich)."
        ) from error
