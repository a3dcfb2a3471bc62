import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "news.example.org",
    "SECURE_HTTPS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def run_deploy_check(extra_env):
    # A clean environment: nothing the test process set for itself (DJANGO_ALLOW_ASYNC_UNSAFE…) leaks in.
    env = {"PATH": os.environ["PATH"], **extra_env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = run_deploy_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_check_names_what_plain_http_lacks():
    result = run_deploy_check({**PRODUCTION_ENV, "SECURE_HTTPS": "0"})
    assert result.returncode != 0
    for check in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert check in result.stderr


def test_a_setting_that_must_be_a_positive_number_names_itself_when_it_is_not():
    for value, problem in [("0", "below its least value, 1"), ("four", "not a whole number")]:
        result = run_deploy_check({**PRODUCTION_ENV, "SIMILAR_BOX_SIZE": value})
        assert result.returncode != 0
        assert f"SIMILAR_BOX_SIZE='{value}' is {problem}" in result.stderr
