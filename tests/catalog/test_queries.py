"""The catalogue query: each filter, the search, and what never shows up."""

import pytest

from lms.catalog import queries
from lms.catalog.queries import CatalogFilters
from lms.extensions import db
from tests.catalog.conftest import add_version


def _slugs(filters: CatalogFilters) -> list[str]:
    return [version.module.slug for version in db.session.scalars(queries.module_list(filters))]


@pytest.fixture
def three_modules(make_module):
    make_module(
        "mobilitaet",
        title="Mobilität im ländlichen Raum",
        topics=["mobilitaet"],
        target_groups=["verwaltung", "politik"],
        level="einstieg",
        minutes=45,
        summary="Rufbus und Bürgerbus.",
        objectives=["Sie kennen den Nahverkehrsplan."],
    )
    make_module(
        "wohnen",
        title="Wohnen und Quartier",
        topics=["wohnen", "daten-strategie"],
        target_groups=["fachkraefte"],
        level="vertiefung",
        minutes=60,
    )
    make_module(
        "cmi5-paket",
        kind="cmi5",
        title="Beteiligung digital",
        topics=["buergerbeteiligung"],
        target_groups=["ehrenamt"],
        level="expertise",
        minutes=90,
    )


def test_without_filters_lists_all_by_title(three_modules):
    assert _slugs(CatalogFilters()) == ["cmi5-paket", "mobilitaet", "wohnen"]


def test_filter_by_topic_matches_any_of_several_topics(three_modules):
    assert _slugs(CatalogFilters(topic="daten-strategie")) == ["wohnen"]


def test_filter_by_target_group(three_modules):
    assert _slugs(CatalogFilters(target_group="politik")) == ["mobilitaet"]


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("bis-45", ["mobilitaet"]),
        ("45-60", ["wohnen"]),
        ("ueber-60", ["cmi5-paket"]),
    ],
)
def test_filter_by_duration_range(three_modules, duration, expected):
    assert _slugs(CatalogFilters(duration=duration)) == expected


def test_filter_by_level(three_modules):
    assert _slugs(CatalogFilters(level="vertiefung")) == ["wohnen"]


def test_filter_by_format(three_modules):
    assert _slugs(CatalogFilters(kind="cmi5")) == ["cmi5-paket"]


def test_filters_combine(three_modules):
    assert _slugs(CatalogFilters(topic="mobilitaet", level="vertiefung")) == []


@pytest.mark.parametrize(
    "query", ["mobilität", "MOBILITAET", "bürgerbus", "nahverkehrsplan", "rufbus mobil"]
)
def test_search_finds_title_summary_and_objectives_with_any_spelling(three_modules, query):
    assert _slugs(CatalogFilters(q=query)) == ["mobilitaet"]


def test_search_needs_every_word(three_modules):
    assert _slugs(CatalogFilters(q="rufbus quartier")) == []


def test_search_treats_like_wildcards_literally(three_modules):
    assert _slugs(CatalogFilters(q="%%")) == ["cmi5-paket", "mobilitaet", "wohnen"]
    assert _slugs(CatalogFilters(q="mo_il")) == []


def test_no_match_gives_empty_list(three_modules):
    assert _slugs(CatalogFilters(q="raumfahrt")) == []


def test_unpublished_modules_are_hidden(make_module):
    make_module("entwurf", published=False)
    assert _slugs(CatalogFilters()) == []


def test_only_the_current_version_is_listed_and_searched(make_module):
    module = make_module("mobilitaet", title="Alter Titel")
    add_version(module, title="Neuer Titel", version="1.1.0")
    assert [v.title for v in db.session.scalars(queries.module_list(CatalogFilters()))] == [
        "Neuer Titel"
    ]
    assert _slugs(CatalogFilters(q="alter")) == []


def test_filter_columns_are_derived_on_insert(make_module):
    version = make_module(
        topics=["wohnen", "pflege-gesundheit"], target_groups=["politik"], pages=5
    ).current_version
    assert (version.topics_key, version.target_groups_key, version.page_count) == (
        "|wohnen|pflege-gesundheit|",
        "|politik|",
        5,
    )
