import pytest
from wagtail.models import PageViewRestriction

from tests.archive.helpers import REPO_ROOT, import_archive
from tests.conftest import local_time
from trendwatch.archive.models import ArchiveRecord
from trendwatch.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db


def item(post_id, title, status="publish", date="2016-12-12 10:22:00", content="<p>Text.</p>", extra=""):
    return f"""
    <item>
      <title>{title}</title>
      <link>https://monitor.example/?p={post_id}</link>
      <dc:creator><![CDATA[anna]]></dc:creator>
      <guid isPermaLink="false">https://monitor.example/?p={post_id}</guid>
      <content:encoded><![CDATA[{content}]]></content:encoded>
      <excerpt:encoded><![CDATA[]]></excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date><![CDATA[{date}]]></wp:post_date>
      <wp:status><![CDATA[{status}]]></wp:status>
      <wp:post_type><![CDATA[post]]></wp:post_type>
      {extra}
    </item>"""


def wordpress_export(*items):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Monitor</title><link>https://monitor.example</link><language>en-GB</language>
  <wp:author><wp:author_login><![CDATA[anna]]></wp:author_login>
    <wp:author_display_name><![CDATA[Anna Karpenka]]></wp:author_display_name></wp:author>
  {"".join(items)}
</channel>
</rss>"""


SECURITY = '<category domain="category" nicename="security-issues"><![CDATA[Security issues]]></category>'
TAGS = '<category domain="post_tag" nicename="nato"><![CDATA[NATO]]></category><category domain="post_tag" nicename="latvia"><![CDATA[Latvia]]></category>'


def sample_export(tmp_path):
    path = tmp_path / "monitor.xml"
    path.write_text(
        wordpress_export(
            item(1, "Belarus and Latvia sign an agreement", extra=SECURITY + TAGS + "<wp:is_sticky>1</wp:is_sticky>",
                 content='<h1>Riga</h1><div onclick="steal()">Minister signed it.<script>alert(1)</script></div>'
                 '[caption id="x"]<img src="a.jpg">[/caption]<p style="color:red">Second <strong>paragraph</strong>.</p>'),
            item(2, "Still a draft", status="draft", date="0000-00-00 00:00:00", extra=SECURITY),
            item(3, "Monday's piece", status="future", date="2030-01-07 09:00:00", extra=SECURITY),
            item(4, "For members", status="private", extra=SECURITY),
            item(5, "With a password", extra=SECURITY + "<wp:post_password><![CDATA[members]]></wp:post_password>"),
            item(6, "Unmapped category", extra='<category domain="category" nicename="misc"><![CDATA[Misc]]></category>'),
            item(7, "In the trash", status="trash", extra=SECURITY),
            item(8, "About us", extra="").replace("<![CDATA[post]]>", "<![CDATA[page]]>"),
        ),
        encoding="utf-8",
    )
    return path


def test_wordpress_posts_keep_their_status_dates_authors_tags_and_trend(tmp_path):
    path = sample_export(tmp_path)
    succeeded, out, err = import_archive(path, format="wxr", trend_map=["Security issues=security"], default_trend="society-parties")
    assert succeeded, err
    assert "6 created" in out
    pages = {page.title: page for page in ArticlePage.objects.all()}
    assert set(pages) == {"Belarus and Latvia sign an agreement", "Still a draft", "Monday's piece", "For members", "With a password", "Unmapped category"}
    signed = pages["Belarus and Latvia sign an agreement"]
    assert signed.live and signed.published_at == local_time("2016-12-12 10:22")
    assert signed.trend.slug == "security" and pages["Unmapped category"].trend.slug == "society-parties"
    assert [author.name_en for author in signed.authors.all()] == ["Anna Karpenka"]
    record = ArchiveRecord.objects.get(article=signed)
    assert record.tags == ["Latvia", "NATO"] and record.sticky and record.key == "wxr:https://monitor.example/?p=1"
    assert signed.body == "<h2>Riga</h2><p>Minister signed it.</p><p>Second <strong>paragraph</strong>.</p>"
    assert not pages["Still a draft"].live and pages["Still a draft"].published_at is None
    monday = pages["Monday's piece"]
    assert not monday.live and monday.revisions.filter(approved_go_live_at=local_time("2030-01-07 09:00")).exists()
    assert PageViewRestriction.objects.get(page=pages["For members"]).restriction_type == "login"
    assert PageViewRestriction.objects.get(page=pages["With a password"]).password == "members"


def test_a_second_run_updates_and_never_duplicates(tmp_path):
    path = sample_export(tmp_path)
    options = dict(format="wxr", trend_map=["security-issues=security"], default_trend="society-parties")
    import_archive(path, **options)
    path.write_text(path.read_text(encoding="utf-8").replace("Still a draft", "Still a draft, retitled"), encoding="utf-8")
    succeeded, out, _err = import_archive(path, **options)
    assert succeeded and "0 created, 1 updated, 5 unchanged" in out
    assert ArticlePage.objects.count() == 6
    assert ArticlePage.objects.filter(title="Still a draft, retitled", live=False).exists()


def test_broken_xml_is_refused_with_its_line_and_changes_nothing(tmp_path):
    path = sample_export(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("<wp:post_id>5")] + "<wp:post_id>5</wp:post", encoding="utf-8")
    succeeded, _out, err = import_archive(path, format="wxr", default_trend="security")
    assert not succeeded
    assert f"{path}: line " in err and "not well-formed XML" in err
    assert not ArticlePage.objects.exists()


def test_without_a_trend_for_a_post_the_file_is_refused_and_names_the_post(tmp_path):
    path = sample_export(tmp_path)
    succeeded, _out, err = import_archive(path, format="wxr", trend_map=["security-issues=security"])
    assert not succeeded
    assert "(post 6): article 'Unmapped category' has no trend" in err
    assert not ArticlePage.objects.exists()


def test_the_wordpress_theme_unit_test_export_imports_whole():
    path = REPO_ROOT.parent / "shared" / "data" / "wxr" / "themeunittestdata.wordpress.xml"
    if not path.exists():
        pytest.skip("the WordPress sample export is not beside the repository")
    succeeded, out, err = import_archive(path, format="wxr", default_trend="security")
    assert succeeded, err
    assert ArticlePage.objects.filter(live=False).count() == 2  # the draft and the scheduled post
    assert ArchiveRecord.objects.filter(sticky=True).count() == 1


SAVED_PAGE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>Минск и Рига договорились о военном диалоге | Монитор</title>
<link rel="canonical" href="https://monitor.example/ru/articles/minsk-riga/">
<meta property="article:published_time" content="2016-12-12T10:22:00+03:00">
</head><body>
<nav><a href="/">Главная</a> <a href="/ru/trends/">Тенденции</a> <a href="/ru/archive/">Архив</a></nav>
<article>
<h1>Минск и Рига договорились о военном диалоге</h1>
<p class="date">12 декабря 2016 10:22</p>
<figure><img src="picture.jpg" alt=""><figcaption>Фото: Министерство обороны Республики Беларусь</figcaption></figure>
<p>Соглашение между министерствами обороны Латвии и Беларуси является типовым и охватывает сотрудничество в сфере международной безопасности.</p>
<p>Во время визита в Ригу министр обороны подписал соглашение о сотрудничестве между оборонными ведомствами двух стран, которое создаёт условия для двустороннего военного диалога.</p>
<p>Несмотря на разногласия с Россией, белорусские власти по-прежнему считают её главным партнёром в сфере безопасности, в том числе по техническим причинам.</p>
</article>
<footer>© Монитор. Все права защищены.</footer>
</body></html>"""


def test_a_saved_article_page_gives_headline_date_credit_body_and_language(tmp_path):
    path = tmp_path / "minsk-riga.html"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    succeeded, _out, err = import_archive(path, format="html", default_trend="belarus-west")
    assert succeeded, err
    page = ArticlePage.objects.get()
    assert page.title == "Минск и Рига договорились о военном диалоге"
    assert page.language == "ru"
    assert page.published_at == local_time("2016-12-12 10:22")
    assert page.lead.startswith("Соглашение между министерствами обороны")
    assert "двустороннего военного диалога" in page.body and "главным партнёром" in page.body
    assert "Главная" not in page.body and "права защищены" not in page.body
    record = page.archive_record
    assert record.image_credit == "Министерство обороны Республики Беларусь"
    assert record.key == "html:https://monitor.example/ru/articles/minsk-riga/"
    succeeded, out, _err = import_archive(path, format="html", default_trend="belarus-west")
    assert "1 unchanged" in out and ArticlePage.objects.count() == 1
