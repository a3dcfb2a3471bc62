"""Readable Latin slugs for headlines in any of the site's languages.

Cyrillic headlines are romanised (Russian after BGN/PCGN, Belarusian after the national Latin
system, both reduced to plain ASCII) rather than percent-escaped, so links stay legible.
"""

import unicodedata

from django.utils.text import slugify

COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "ь": "",
    "ъ": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ў": "w", "’": "", "'": "",
}
RUSSIAN = {**COMMON, "и": "i", "щ": "shch"}
BELARUSIAN = {**COMMON, "г": "h", "х": "kh", "ў": "u", "е": "ie", "ё": "io", "ю": "iu", "я": "ia"}


def romanise(text, language="ru"):
    table = BELARUSIAN if language == "be" else RUSSIAN
    out = []
    for char in text:
        lower = char.lower()
        out.append(table.get(lower, char) if lower in table else char)
    return "".join(out)


def headline_slug(title, language="en", max_length=80):
    """'Лукашэнка ў Гродне' -> 'lukashenka-u-hrodnie'; an empty result becomes 'article'."""
    ascii_text = unicodedata.normalize("NFKD", romanise(title, language)).encode("ascii", "ignore").decode()
    slug = slugify(ascii_text)[:max_length].strip("-")
    return slug or "article"
