import pytest

from tests.conftest import make_article

pytestmark = pytest.mark.django_db

STRICT_POLICY_PARTS = ["default-src 'none'", "style-src 'self'", "img-src 'self'", "frame-ancestors 'none'"]


@pytest.mark.parametrize(
    "path", ["/en/", "/en/trends/security/", "/en/search/?q=Latvia", "/en/newsletter/", "/ru/", "/en/dashboard/"]
)
def test_public_pages_carry_the_security_headers(client, path):
    make_article()
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    for part in STRICT_POLICY_PARTS:
        assert part in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_article_page_carries_the_policy(client):
    article = make_article()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_admin_runs_without_the_public_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"
