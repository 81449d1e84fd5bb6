"""Fixtures for these tests: the demo province loaded once per module (see tests/support.py)."""

from tests.support import _province_module, province  # noqa: F401
