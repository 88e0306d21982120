"""The resource kernel is tested with real wiki pages, seminars and modules."""

from tests.seminars.conftest import make_module, make_seminar, seminar_file  # noqa: F401
from tests.wiki.conftest import make_page, page_file  # noqa: F401
