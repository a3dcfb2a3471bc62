import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO_ROOT = Path(__file__).resolve().parents[2]
# A page captured in the seed page's layout, written by the team: every seedtext test can run on it.
CAPTURED_PAGE = Path(__file__).resolve().parent / "samples" / "captured_page.txt"
# The page the product was modelled on; CI lays shared/ beside the clone, a fresh clone has none.
SEED_PAGE = REPO_ROOT.parent / "shared" / "seeds" / "000_a5529631b7c3c4e8.txt"


def import_archive(*paths, format, **options):
    """Run import_archive; returns (succeeded, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_archive", *[str(path) for path in paths], format=format, stdout=out, stderr=err, verbosity=0, **options)
    except CommandError as error:
        err.write(str(error))
        return False, out.getvalue(), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def captured_pages():
    """The team's captured page, and the seed page when shared/ lies beside the repository."""
    reason = f"the seed page is not at {SEED_PAGE} (shared/ beside the repository)"
    return [
        pytest.param(CAPTURED_PAGE, id="team-page"),
        pytest.param(SEED_PAGE, id="seed-page", marks=pytest.mark.skipif(not SEED_PAGE.exists(), reason=reason)),
    ]
