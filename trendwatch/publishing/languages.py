"""The site's languages, in the order readers are offered them (`settings.LANGUAGES`, English
first), and the records whose text is kept once per language."""

from django.conf import settings

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# Each language's name in itself, for the language switcher and the admin's counts.
LANGUAGE_NAMES = dict(settings.LANGUAGES)
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


class LocalizedText:
    """Fields stored once per language (`name_en`, `name_ru`, ...), with English as the fallback.

    Trends, weekly overviews and authors are one record each whatever the language, so that
    timelines and heat maps count one thing once; only their words change with the language.
    """

    def localized(self, field, language):
        """The field's text in `language`, or the English text when that language has none."""
        text = getattr(self, f"{field}_{language}", "") if language in LANGUAGE_CODES else ""
        return text or getattr(self, f"{field}_{DEFAULT_LANGUAGE}")

    def is_fallback(self, field, language):
        """True when `localized` had to fall back to English for this language."""
        return language != DEFAULT_LANGUAGE and not getattr(self, f"{field}_{language}", "")
