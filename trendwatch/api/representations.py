"""Model objects as the plain dicts the API returns (shaped by schemas.py)."""

from wagtail.rich_text import expand_db_html

from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import published_articles

# The rendition the article page shows, so the API and the page share one file.
LEAD_IMAGE_FILTER = "width-960"


def localized_text(obj, field):
    return {code: obj.localized(field, code) for code in LANGUAGE_CODES}


def absolute_url(request, page):
    return request.build_absolute_uri(page.get_url(request))


def trend_ref(trend):
    return {"slug": trend.slug, "name": localized_text(trend, "name")}


def issue_ref(issue):
    return {"week_start": issue.week_start, "week_end": issue.week_end} if issue else None


def issue_summary(issue, article_count):
    return {
        **issue_ref(issue),
        "label": {code: issue.label(code) for code in LANGUAGE_CODES},
        "overview": localized_text(issue, "overview"),
        "article_count": article_count,
    }


def article_summary(request, article):
    return {
        "id": article.pk,
        "language": article.language,
        "title": article.title,
        "url": absolute_url(request, article),
        "published_at": article.published_at,
        "lead": article.lead,
        "trend": trend_ref(article.trend),
        "direction": article.direction,
        "issue": issue_ref(article.weekly_issue),
        "authors": [{"slug": author.slug, "name": localized_text(author, "name")} for author in article.authors.all()],
    }


def article_detail(request, article):
    translations = published_articles().filter(translation_key=article.translation_key).exclude(pk=article.pk)
    return {
        **article_summary(request, article),
        "body": expand_db_html(article.body),
        "updated_at": article.last_published_at,
        "translations": [
            {"id": other.pk, "language": other.language, "title": other.title, "url": absolute_url(request, other)}
            for other in sorted(translations, key=lambda other: LANGUAGE_CODES.index(other.language))
        ],
        "image": lead_image(request, article.lead_image),
    }


def lead_image(request, image):
    if image is None:
        return None
    rendition = image.get_rendition(LEAD_IMAGE_FILTER)
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.description or "",
        "credit": image.credit,
    }


def page_of(request, items, page, page_size, count):
    """One page of a list with the addresses of its neighbours; pages past the end are empty."""
    start = (page - 1) * page_size
    last_page = max(1, -(-count // page_size))
    results = list(items[start : start + page_size]) if start < count else []

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "next": link(page + 1) if start + page_size < count else None,
        "previous": link(min(page - 1, last_page)) if page > 1 else None,
        "results": results,
    }
