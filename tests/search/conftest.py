"""Builders shared with the wiki and seminar tests."""

from tests.seminars.conftest import make_module, make_seminar  # noqa: F401
from tests.wiki.conftest import make_page  # noqa: F401
