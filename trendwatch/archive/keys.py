"""Archive keys: how an article or an image is named in an archive, and found again by its name.

Export writes these keys and import reads them back, so both use this module rather than each other.
"""

import hashlib

from django.core.exceptions import ValidationError

from trendwatch.publishing.models import ArticlePage

from .models import ArchiveImage, ArchiveRecord

NATIVE_KEY_PREFIX = "trendwatch:"


def native_key(page):
    """The archive key of an article written on this site: its translation group and language."""
    return f"{NATIVE_KEY_PREFIX}{page.translation_key}:{page.locale.language_code}"


def archive_record_of(page):
    """The page's ArchiveRecord, or None for an article never imported."""
    try:
        return page.archive_record
    except ArchiveRecord.DoesNotExist:
        return None


def article_key(page):
    """The key an article is exported under: its source's key if it was imported."""
    record = archive_record_of(page)
    return record.key if record else native_key(page)


def find_by_key(key):
    """The article page an archive key names, or None."""
    record = ArchiveRecord.objects.filter(key=key).select_related("article").first()
    if record:
        return record.article
    if key.startswith(NATIVE_KEY_PREFIX):
        group, _sep, language = key[len(NATIVE_KEY_PREFIX):].rpartition(":")
        try:
            return ArticlePage.objects.filter(translation_key=group, locale__language_code=language).first()
        except ValidationError:
            return None
    return None


def image_key(image, data=None):
    """An image's archive key: the one it was imported under, or one made from its picture and
    words (same picture, same words: the same image, whatever its id)."""
    known = ArchiveImage.objects.filter(image=image).first()
    if known:
        return known.key
    if data is None:
        with image.file.open("rb") as picture:
            data = picture.read()
    words = "\x00".join([image.title, image.credit, image.description or ""])
    return f"{hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]}-{hashlib.sha1(words.encode(), usedforsecurity=False).hexdigest()[:8]}"
