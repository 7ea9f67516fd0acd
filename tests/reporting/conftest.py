import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Generated files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
