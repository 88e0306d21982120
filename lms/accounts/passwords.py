"""Password hashing (Argon2id) and the rules a new password must meet."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 10
MAX_LENGTH = 1000
"""Longer passphrases are refused at the form (hashing one costs time per character)."""
COMMON_PASSWORDS = {
    "1234567890",
    "12345678910",
    "passwort123",
    "password123",
    "qwertzuiop",
    "qwertyuiop",
    "passwort1234",
    "password1234",
    "hallo12345",
    "lernraum123",
    "sommer2025",
    "winter2025",
    "0123456789",
    "abcdefghij",
    "aaaaaaaaaa",
    "iloveyou12",
    "passwortpasswort",
}


def hash_password(password: str) -> str:
    """Return an Argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if ``password`` matches ``password_hash``; never raises for a wrong password."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Say in German why ``password`` is too weak, or None if it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return "Dieses Passwort ist zu leicht zu erraten. Bitte wählen Sie ein anderes."
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return "Das Passwort darf Ihre E-Mail-Adresse nicht enthalten."
    if name and len(name) >= 4 and name.lower().replace(" ", "") in lowered.replace(" ", ""):
        return "Das Passwort darf Ihren Namen nicht enthalten."
    return None
