"""``province``: the demo province loaded once per test module, each test rolled back (see tests/support.py).

A module here uses ``province`` or the root ``demo`` fixture, not both.
"""

import pytest

from tests.support import _province_module, province  # noqa: F401
from thidua.indicators import rollups


@pytest.fixture(autouse=True)
def rollups_stay_right(request):
    """After every test on the demo province, the progress month rollups equal a recomputation from the values: a
    writer that forgets them fails here, in whichever test it is used (``province`` is set up first, so this runs
    before its rollback)."""
    if "province" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("province")
    yield
    assert rollups.differences() == []
