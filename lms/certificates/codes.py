"""Verification codes: 15 random symbols plus one check symbol, written XXXX-XXXX-XXXX-XXXX.

The alphabet has 29 symbols (a prime) and leaves out look-alikes (0/O, 1/I/L, 2/Z, U/V).
The check symbol is a position-weighted sum modulo 29 with distinct non-zero weights, so every
single wrong symbol and every swap of two neighbours is detected. 15 symbols carry
15 * log2(29) ≈ 72.9 bits of entropy.
"""

import re
import secrets

from flask_babel import gettext as _

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXY"
MODULUS = len(ALPHABET)
DATA_LENGTH = 15
CODE_LENGTH = DATA_LENGTH + 1
GROUP = 4
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


class CodeError(ValueError):
    """A typed code that cannot be a verification code; ``message`` says why (translated)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_symbol(data: str) -> str:
    """The check symbol for ``data`` (the 15 symbols before it)."""
    total = sum((position + 1) * _VALUES[symbol] for position, symbol in enumerate(data))
    return ALPHABET[total % MODULUS]


def generate_code() -> str:
    """A fresh random code in its stored form (16 symbols, no dashes)."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return data + check_symbol(data)


def format_code(code: str) -> str:
    """``code`` in groups of four, for people: ``ABCD-EFGH-JKMN-PQRS``."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str:
    """The stored form of a typed code; raises :class:`CodeError` with a German reason."""
    compact = _SEPARATORS.sub("", typed or "").upper()
    if not compact:
        raise CodeError(_("Bitte geben Sie einen Prüfcode ein."))
    foreign = sorted({symbol for symbol in compact if symbol not in _VALUES})
    if foreign:
        shown = ", ".join(f"„{symbol}“" for symbol in foreign[:5])
        raise CodeError(_(
            "Der Prüfcode enthält Zeichen, die in Prüfcodes nicht vorkommen (%(shown)s). "
            "Prüfcodes bestehen nur aus den Ziffern 2–9 und Großbuchstaben ohne I, L, O, U und Z.",
            shown=shown,
        ))
    if len(compact) != CODE_LENGTH:
        raise CodeError(_(
            "Ein Prüfcode hat %(length)s Zeichen (ohne Bindestriche), "
            "eingegeben wurden %(typed)s.",
            length=CODE_LENGTH,
            typed=len(compact),
        ))
    if check_symbol(compact[:DATA_LENGTH]) != compact[DATA_LENGTH]:
        raise CodeError(_(
            "Dieser Prüfcode ist nicht stimmig – wahrscheinlich hat sich ein Tippfehler "
            "eingeschlichen. Bitte vergleichen Sie ihn Zeichen für Zeichen mit dem Nachweis."
        ))
    return compact
