"""The page tree every install needs: a home page, an article index, and About and methodology pages
(a starter text for editors to rewrite) per site language."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .languages import LANGUAGE_CODES


@transaction.atomic
def ensure_site_structure():
    from .models import ArticleIndexPage, HomePage

    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests): nothing to build on
        return None
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGE_CODES}
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
    information = [_information_page(home, slug) for slug in STARTER_TEXTS]

    for code, locale in locales.items():
        if code == settings.LANGUAGE_CODE:
            continue
        localized_home = home.get_translation_or_none(locale) or home.copy_for_translation(locale)
        if not localized_home.live:
            localized_home.save_revision().publish()
        localized_index = index.get_translation_or_none(locale) or index.copy_for_translation(locale)
        if not localized_index.live:
            localized_index.save_revision().publish()
        for page in information:
            if page.get_translation_or_none(locale) is None:
                _publish_translation(page, locale, *STARTER_TEXTS[page.slug][code])
    return home


def _information_page(home, slug):
    """The home's page at `slug`, written from the starter text when the site has none yet."""
    from .models import InformationPage

    page = InformationPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        title, body = STARTER_TEXTS[slug][settings.LANGUAGE_CODE]
        page = home.add_child(instance=InformationPage(title=title, slug=slug, body=body, locale=home.locale))
        page.save_revision().publish()
    return page


def _publish_translation(page, locale, title, body):
    translation = page.copy_for_translation(locale)
    translation.title, translation.body = title, body
    translation.save_revision().publish()


# Written once into a new site; from then on the pages are the editors' (unpublish rather than delete
# one: a deleted page is written again at the next migration).
STARTER_TEXTS = {
    "about": {
        "en": ("About", "<p>Every week our analysts write one short commentary on each trend we follow and mark whether "
               "it improved, worsened or stayed as it was. Editors review and release the weekly issue.</p>"),
        "ru": ("О проекте", "<p>Каждую неделю наши аналитики пишут по короткому комментарию о каждой тенденции, "
               "за которой мы следим, и отмечают, улучшилась ли она, ухудшилась или осталась прежней. Редакторы "
               "проверяют и выпускают номер недели.</p>"),
        "be": ("Пра праект", "<p>Кожны тыдзень нашы аналітыкі пішуць па кароткім каментары пра кожную тэндэнцыю, "
               "за якой мы сочым, і адзначаюць, ці палепшылася яна, пагоршылася ці засталася ранейшай. Рэдактары "
               "правяраюць і выпускаюць нумар тыдня.</p>"),
    },
    "methodology": {
        "en": ("Methodology", "<p>A trend's direction is the analyst's judgement of the week against the one "
               "before. The dashboard's cumulative index adds one for every week that improved and takes one away "
               "for every week that worsened. Forecasts are scored with the Brier score once they are resolved.</p>"),
        "ru": ("Методология", "<p>Направление тенденции — оценка аналитика: как неделя выглядит по сравнению с "
               "предыдущей. Накопленный индекс на обзоре прибавляет единицу за каждую неделю улучшения и отнимает "
               "за каждую неделю ухудшения. Прогнозы после проверки оцениваются по шкале Брайера.</p>"),
        "be": ("Метадалогія", "<p>Кірунак тэндэнцыі — ацэнка аналітыка: як тыдзень выглядае ў параўнанні з "
               "папярэднім. Назапашаны індэкс на аглядзе дадае адзінку за кожны тыдзень паляпшэння і адымае за "
               "кожны тыдзень пагаршэння. Прагнозы пасля праверкі ацэньваюцца па шкале Брайера.</p>"),
    },
}
