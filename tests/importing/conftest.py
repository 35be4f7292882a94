import pytest

from ..factories import copy_of_seed


@pytest.fixture
def seed(tmp_path):
    """A copy of the seed article's file in the test's own folder."""
    return copy_of_seed(tmp_path)
