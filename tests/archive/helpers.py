import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO_ROOT = Path(__file__).resolve().parents[2]
# CI lays shared/ beside the clone; the seed page is read from there, never copied into the repo.
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


def seed_text():
    if not SEED_PAGE.exists():
        pytest.fail(f"the seed page is expected at {SEED_PAGE} (shared/ beside the repository)")
    return SEED_PAGE.read_text(encoding="utf-8")
