import pytest

from tests.conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = ["/en/", "/en/trends/security/", "/en/search/?q=Latvia", "/en/newsletter/", "/en/dashboard/", "/be/"]


def test_public_pages_satisfy_their_content_security_policy(live_server, tab):
    article = make_article("Belarus and Latvia agree on an air-incident hotline")
    violations = []
    tab.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    for path in [*PUBLIC_PAGES, article.url]:
        response = tab.goto(live_server.url + path)
        assert "default-src 'none'" in response.headers["content-security-policy"]
        # The stylesheet loaded and applied: a blocked one leaves the page in the browser's default font.
        assert tab.evaluate("document.styleSheets.length") >= 1
        assert tab.evaluate("document.styleSheets[0].cssRules.length") > 0
    assert violations == []
