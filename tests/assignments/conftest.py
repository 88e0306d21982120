"""Assignment fixtures: the report tests' small network of two organisations."""

import pytest

from tests.reports.builders import Network, build_network


@pytest.fixture
def network(make_organisation, make_user) -> Network:
    """Nordstadt (coordinator, Anna, Bernd, Clara) and Südheim (Sven); see ``build_network``."""
    return build_network(make_organisation, make_user)
