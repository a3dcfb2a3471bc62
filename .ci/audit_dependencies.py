"""Audit the installed packages for known vulnerabilities with pip-audit, and say plainly when it could not.

    python .ci/audit_dependencies.py                 run pip-audit on this environment
    python .ci/audit_dependencies.py --report FILE   judge a saved `pip-audit --format json` report

Exit 1 when a package has a known vulnerability, or when pip-audit fails for a reason other than
the network. When no vulnerability service answers (a machine that reaches PyPI only through a
mirror without its JSON API, no route to OSV), the audit has not run: that is printed as a loud
notice and the exit is 0, so CI neither fails for the network nor passes silently.
"""

import argparse
import json
import subprocess
import sys

# pip-audit's words for "the service did not answer" (requests' and urllib3's errors, PyPI's 404s).
NETWORK_FAILURES = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "timed out", "ServiceError")
NOT_ON_SERVICE = "not found on PyPI"


def run_pip_audit():
    """(report or None, pip-audit's error output)."""
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off", "--skip-editable"],
        capture_output=True,
        text=True,
    )
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return None, result.stderr or result.stdout


def notice(lines):
    bar = "!" * 78
    print("\n".join([bar, *(f"!! {line}" for line in lines), bar]))


def judge(report, errors=""):
    """Print the verdict on a pip-audit report; returns the exit status."""
    if report is None:
        if any(failure in errors for failure in NETWORK_FAILURES):
            notice(
                [
                    "DEPENDENCY AUDIT DID NOT RUN: no vulnerability service could be reached.",
                    errors.strip().splitlines()[-1][:200] if errors.strip() else "",
                    "Run `pip-audit` on a machine with access to pypi.org or osv.dev.",
                ]
            )
            return 0
        print(errors)
        print("pip-audit failed (see above).")
        return 1
    dependencies = report.get("dependencies", [])
    vulnerable = [dependency for dependency in dependencies if dependency.get("vulns")]
    skipped = [dependency for dependency in dependencies if dependency.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for dependency in vulnerable:
        for vulnerability in dependency["vulns"]:
            fixed_in = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed release yet"
            print(f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed_in})")
    if vulnerable:
        print(f"{len(vulnerable)} of {audited} audited packages have known vulnerabilities.")
        return 1
    if audited == 0:
        unreachable = sum(NOT_ON_SERVICE in dependency["skip_reason"] for dependency in skipped)
        notice(
            [
                f"DEPENDENCY AUDIT DID NOT RUN: none of the {len(skipped)} installed packages could be looked up",
                f"({unreachable} 'not found' by the vulnerability service: its JSON API is not reachable from here).",
                "Run `pip-audit` on a machine with access to pypi.org or osv.dev.",
            ]
        )
        return 0
    if skipped:
        names = ", ".join(sorted(dependency["name"] for dependency in skipped))
        notice([f"{len(skipped)} packages could not be audited: {names}"])
    print(f"No known vulnerabilities in {audited} audited packages.")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", help="a saved `pip-audit --format json` report instead of a new run")
    arguments = parser.parse_args()
    if arguments.report:
        with open(arguments.report, encoding="utf-8") as report:
            return judge(json.load(report))
    return judge(*run_pip_audit())


if __name__ == "__main__":
    sys.exit(main())
