"""Payloads an attacker sends, and the check that a page rendered them harmlessly."""

import json

from lxml import html as lxml_html

# Markup that runs script or injects elements if it reaches a page unescaped.
XSS_PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    "</title></textarea></script><script>alert(1)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "<body onload=alert(1)>",
]
# Text that changes a query if it is pasted into SQL.
SQL_PAYLOADS = [
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    '" OR 1=1 --',
    "%' UNION SELECT username, password FROM auth_user --",
    "1) OR (1=1",
]
ELEMENTS_THAT_RUN = {"script", "iframe", "object", "embed", "frame", "frameset", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


def assert_inert(markup):
    """The page holds no element or attribute that could run a script: what a reader's browser would run."""
    document = lxml_html.document_fromstring(markup)
    for element in document.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        if element.tag == "script" and element.get("type") == "application/ld+json":
            # A data block, never run: it must hold JSON alone, with no way out of its element.
            json.loads(element.text)
            assert "<" not in element.text, f"markup in structured data: {element.text[:200]!r}"
            continue
        assert element.tag not in ELEMENTS_THAT_RUN, f"<{element.tag}> injected: {lxml_html.tostring(element)[:200]!r}"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}={value!r} on <{element.tag}>"
            if name.lower() in URL_ATTRIBUTES:
                scheme = "".join(value.split()).lower().split(":", 1)[0]
                assert scheme not in {"javascript", "vbscript", "data"}, f"{name}={value!r} on <{element.tag}>"


def texts(markup, xpath):
    """The text a reader sees in each element that `xpath` picks."""
    document = lxml_html.document_fromstring(markup)
    return [element.text_content() if hasattr(element, "text_content") else str(element) for element in document.xpath(xpath)]
