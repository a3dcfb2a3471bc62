"""The page tree every install needs: a home page and an article index per site language."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site


@transaction.atomic
def ensure_site_structure():
    from .models import ArticleIndexPage, HomePage

    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests): nothing to build on
        return None
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}
    default = locales[settings.LANGUAGE_CODE]
    # Wagtail's starter page (and the site pointing at it) make way for the outlet's home pages.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()

    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        home = root.add_child(instance=HomePage(title=settings.SITE_NAME, slug="home", locale=default))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=settings.SITE_NAME)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.SITE_NAME
        site.save()

    index = ArticleIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ArticleIndexPage(title="Commentaries", slug="articles", locale=default))

    for code, locale in locales.items():
        if code == settings.LANGUAGE_CODE:
            continue
        localized_home = home.get_translation_or_none(locale) or home.copy_for_translation(locale)
        if not localized_home.live:
            localized_home.save_revision().publish()
        localized_index = index.get_translation_or_none(locale) or index.copy_for_translation(locale)
        if not localized_index.live:
            localized_index.save_revision().publish()
    return home
