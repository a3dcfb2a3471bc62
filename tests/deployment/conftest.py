from pathlib import Path

import pytest
from django.conf import settings

from trendwatch import loadtest


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Collected static files: `make test` has just made them; a bare pytest run collects its own."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        return Path(settings.STATIC_ROOT)
    folder = tmp_path_factory.mktemp("static")
    loadtest.prepare_static(folder)
    return folder
