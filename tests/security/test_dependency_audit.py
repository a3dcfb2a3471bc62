"""The CI's dependency audit: a finding fails it, an audit that could not reach any service says so loudly."""

import json
import subprocess
import sys

from django.conf import settings

SCRIPT = settings.BASE_DIR / ".ci" / "audit_dependencies.py"


def judge(tmp_path, dependencies):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--report", str(report)], capture_output=True, text=True, timeout=60
    )
    return result.returncode, result.stdout


def test_a_known_vulnerability_fails_the_audit_and_names_it(tmp_path):
    status, output = judge(
        tmp_path,
        [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": []}]},
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ],
    )
    assert status == 1
    assert "django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in output


def test_a_clean_audit_passes(tmp_path):
    status, output = judge(tmp_path, [{"name": "django", "version": "5.2.9", "vulns": []}])
    assert status == 0
    assert "No known vulnerabilities in 1 audited packages." in output
    assert "DID NOT RUN" not in output


def test_an_audit_that_reached_no_service_passes_with_a_loud_notice(tmp_path):
    skipped = "Dependency not found on PyPI and could not be audited: django (5.2.9)"
    status, output = judge(tmp_path, [{"name": "django", "skip_reason": skipped}])
    assert status == 0
    assert "!! DEPENDENCY AUDIT DID NOT RUN" in output
    assert "No known vulnerabilities" not in output
