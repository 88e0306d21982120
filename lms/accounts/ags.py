"""The German Länder and the official municipality key (Amtlicher Gemeindeschlüssel, AGS)."""

import re

STATES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}

AGS_PATTERN = re.compile(r"^\d{8}$")


def ags_problem(ags: str, state_code: str) -> str | None:
    """Say in German what is wrong with ``ags`` for the Land ``state_code``, or None if valid."""
    if not AGS_PATTERN.match(ags):
        return "Der Gemeindeschlüssel (AGS) besteht aus genau 8 Ziffern, z. B. 03241001."
    if ags[:2] not in STATES:
        return f"Die ersten zwei Ziffern {ags[:2]} gehören zu keinem Bundesland."
    if ags[:2] != state_code:
        return (
            f"Der Schlüssel beginnt mit {ags[:2]} ({STATES[ags[:2]]}), "
            f"gewählt ist aber {STATES.get(state_code, 'ein anderes Land')}."
        )
    return None
