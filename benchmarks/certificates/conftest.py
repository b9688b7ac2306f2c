# The tests' settings and cast, for the benchmarks that build on the tests' builders.
from tests.conftest import _test_settings, cast  # noqa: F401
