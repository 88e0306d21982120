"""A small module with every element kind, written to disk for loader, player and progress tests."""

import textwrap
from pathlib import Path

MANIFEST = """\
id = "{slug}"
version = "{version}"
title = "{title}"
summary = "Ein Probemodul mit allen Elementarten."
topics = ["mobilitaet"]
target_groups = ["verwaltung"]
level = "einstieg"
minutes = 20
objectives = ["Sie kennen alle Elementarten."]
wiki = ["buergerbus-gruenden"]
seminars = ["mobilitaet-2025-03"]
certificate_hours = 0.5

[completion]
pages = "all"
quiz = {quiz_required}

[quiz]
pass_threshold = 0.6
max_attempts = {max_attempts}
shuffle = true
"""

PAGE_1 = """\
# Erste Seite

Ein Absatz mit einem [Wiki-Link](wiki:buergerbus-gruenden) und einem [Modul](modul:wohnen).

::: single-choice #einfach
Welche Antwort ist richtig?

- [ ] Antwort A
  > A ist falsch.
- [x] Antwort B
  > B stimmt.
- [ ] Antwort C

Erklärung: B ist richtig, weil es so im Text steht.
:::

::: multiple-choice #mehrfach
Welche sind richtig?

- [x] Eins
- [x] Zwei
- [ ] Drei
:::

::: true-false #wahr
Die Erde ist rund.

Lösung: richtig
:::

::: fill-in #luecke
Ein Bus auf Bestellung heißt [[Rufbus|Anrufbus]], ehrenamtlich gefahren ein [[Bürgerbus]].
:::
"""

PAGE_2 = """\
# Zweite Seite

::: ordering #reihenfolge
Bringen Sie die Schritte in die richtige Reihenfolge.

1. Planen
2. Umsetzen
3. Auswerten
:::

::: matching #zuordnung
Ordnen Sie zu.

- Schülerbeförderung = Landkreis
- Bauleitplanung = Gemeinde
- Pflegeversicherung = Bund
:::

::: self-check #selbst
Welche Kennzahl sehen Sie zuerst an?

Musterlösung: Die Altersstruktur.
:::

::: reflection #transfer
Was bedeutet das für Ihre Kommune?

Hinweis: Denken Sie an die Ortsteile.
:::
"""

QUIZ = """\
::: single-choice #q-eins
Frage eins?

- [x] richtig
- [ ] falsch
:::

::: true-false #q-zwei
Aussage zwei stimmt.

Lösung: falsch
:::

::: fill-in #q-drei
Die Hauptstadt ist [[Berlin]].
:::
"""

RIGHT_ANSWERS = {
    "einfach": {"einfach": "o2"},
    "mehrfach": {"mehrfach": ["o1", "o2"]},
    "wahr": {"wahr": "true"},
    "luecke": {"luecke-gap-1": " rufbus ", "luecke-gap-2": "Bürgerbus"},
    "reihenfolge": {
        "reihenfolge-pos-i1": "1",
        "reihenfolge-pos-i2": "2",
        "reihenfolge-pos-i3": "3",
    },
    "zuordnung": {
        "zuordnung-match-l1": "r3",
        "zuordnung-match-l2": "r2",
        "zuordnung-match-l3": "r1",
    },
}
"""Form data answering each scorable page element correctly (targets: Bund, Gemeinde, Landkreis)."""

QUIZ_RIGHT = {"q-eins": "o1", "q-zwei": "false", "q-drei-gap-1": "berlin"}
QUIZ_WRONG = {"q-eins": "o2", "q-zwei": "true", "q-drei-gap-1": "Bonn"}


def write_module(
    folder: Path,
    slug: str = "probe-modul",
    *,
    version: str = "1.0.0",
    title: str = "Probemodul",
    quiz: bool = True,
    max_attempts: int = 0,
    pages: tuple[str, ...] = (PAGE_1, PAGE_2),
    extra: str = "",
) -> Path:
    """Write a module folder and return its path."""
    path = folder / slug
    (path / "pages").mkdir(parents=True, exist_ok=True)
    manifest = MANIFEST.format(
        slug=slug,
        version=version,
        title=title,
        max_attempts=max_attempts,
        quiz_required="true" if quiz else "false",
    )
    (path / "module.toml").write_text(manifest + extra, encoding="utf-8")
    for old in (path / "pages").glob("*.md"):
        old.unlink()
    for number, text in enumerate(pages, start=1):
        (path / "pages" / f"{number:02d}-seite.md").write_text(
            textwrap.dedent(text), encoding="utf-8"
        )
    if quiz:
        (path / "quiz.md").write_text(QUIZ, encoding="utf-8")
    elif (path / "quiz.md").exists():
        (path / "quiz.md").unlink()
    return path


def write_course(
    folder: Path, slug: str, required: list[str], electives: list[str], needed: int
) -> Path:
    """Write ``courses/<slug>.toml``."""
    (folder / "courses").mkdir(parents=True, exist_ok=True)
    path = folder / "courses" / f"{slug}.toml"
    quoted = lambda items: ", ".join(f'"{item}"' for item in items)  # noqa: E731
    path.write_text(
        f'id = "{slug}"\nversion = "1.0.0"\ntitle = "Kurs {slug}"\nsummary = "Ein Kurs."\n'
        f"required = [{quoted(required)}]\nelectives = [{quoted(electives)}]\n"
        f"electives_needed = {needed}\n",
        encoding="utf-8",
    )
    return path
