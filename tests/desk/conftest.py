"""``province``: the demo province loaded once per test module, each test rolled back (see tests/support.py).

A module here uses ``province`` or the root ``demo`` fixture, not both.
"""

from tests.support import _province_module, province  # noqa: F401
