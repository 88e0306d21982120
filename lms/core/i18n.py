"""Translation marker for strings that are stored as German and translated where shown."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction (pybabel ``-k N_``) and return it unchanged."""
    return message
