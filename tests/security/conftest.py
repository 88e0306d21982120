"""The security tests drive the LRS too (they share its fixtures), and fuzz with Hypothesis.

Hypothesis profiles: ``ci`` (the default: 25 examples per test, derandomised, so every run
tries the same inputs, and not shrunk) and ``lang`` (1,500 random examples per test, a
failure shrunk to its smallest form), chosen with ``HYPOTHESIS_PROFILE``. Fixtures are set
up once per test, not per example; the tests compare what is stored before and after each
example instead.
"""

import os

from hypothesis import HealthCheck, Phase, settings

from tests.xapi.conftest import (  # noqa: F401  (fixtures, used by name)
    _forget_process_memory,
    lrs,
    lrs_auth,
    make_statement,
)

_FIXTURES_SHARED_ACROSS_EXAMPLES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                    HealthCheck.data_too_large]
settings.register_profile(
    "ci", max_examples=25, derandomize=True, database=None, deadline=None,
    suppress_health_check=_FIXTURES_SHARED_ACROSS_EXAMPLES, print_blob=True,
    phases=[Phase.explicit, Phase.generate])  # no shrinking: a failure shows its raw input
settings.register_profile(
    "lang", max_examples=1500, derandomize=False, database=None, deadline=None,
    suppress_health_check=_FIXTURES_SHARED_ACROSS_EXAMPLES, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
