"""The shapes of the API's answers, as they appear in the OpenAPI schema."""

import datetime
import re
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema, create_model

from trendwatch.publishing.dates import EARLIEST_DAY, LATEST_DAY, within_bounds
from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import Direction

Language = Literal[tuple(LANGUAGE_CODES)]
DirectionCode = Literal[tuple(Direction.values)]



def calendar_day(value):
    """Only YYYY-MM-DD: left to itself pydantic would also read "0" as a Unix time (1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


def bounded_day(value):
    """Only days pages can show (see trendwatch.publishing.dates)."""
    if not within_bounds(value):
        raise ValueError(f"a day from {EARLIEST_DAY} to {LATEST_DAY}")
    return value


Day = Annotated[
    datetime.date,
    BeforeValidator(calendar_day),
    AfterValidator(bounded_day),
    # Clients and schema-driven tests see the bounds as a pattern: JSON Schema has none for dates.
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^(19\d\d|20\d\d|2100)-\d\d-\d\d$"}),
]

LocalizedText = create_model(
    "LocalizedText",
    __base__=Schema,
    __doc__="One text per site language; a language without its own text shows the English one.",
    **{code: (str, ...) for code in LANGUAGE_CODES},
)


class ErrorDetail(Schema):
    location: str = Field(description="Where the problem is, e.g. `query.page`.")
    message: str


class Error(Schema):
    code: str = Field(description="`bad_request`, `not_found`, `method_not_allowed`, `invalid_parameters`, ...")
    message: str
    details: list[ErrorDetail] | None = None


class ErrorBody(Schema):
    error: Error


def error_responses(*statuses):
    """The `response` entries of an operation for the error statuses it may answer with."""
    return {status: ErrorBody for status in statuses}


def described_error(description):
    """An error response in an operation's `openapi_extra`, saying when the operation answers with it."""
    body = {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
    return {"description": description, "content": {"application/json": body}}


# Far past any archive's last page, and small enough that the offset it makes fits every database's integers.
LARGEST_PAGE = 1_000_000


class Paging(Schema):
    page: int = Field(1, ge=1, le=LARGEST_PAGE, description="Page number, from 1; pages past the last are empty.")
    page_size: int = Field(20, ge=1, le=100, description="Items per page.")


class TrendRef(Schema):
    slug: str
    name: LocalizedText


class Trend(TrendRef):
    description: LocalizedText
    article_count: int = Field(description="Published articles on this trend, in every language.")


class Author(Schema):
    slug: str
    name: LocalizedText


class IssueRef(Schema):
    week_start: datetime.date = Field(description="The Monday the week starts on.")
    week_end: datetime.date = Field(description="The Sunday the week ends on.")


class Issue(IssueRef):
    label: LocalizedText = Field(description='The week as the site prints it: "December 5 – December 11, 2016".')
    overview: LocalizedText = Field(description="The editors' overview of the week (may be empty).")
    article_count: int = Field(description="Published articles of the week (in the requested language, if any).")


class ArticleSummary(Schema):
    id: int
    language: Language
    title: str
    url: str = Field(description="The article's page on the site.")
    published_at: datetime.datetime
    lead: str
    trend: TrendRef
    direction: DirectionCode
    issue: IssueRef | None
    authors: list[Author]


class Translation(Schema):
    id: int
    language: Language
    title: str
    url: str


class Image(Schema):
    url: str
    width: int
    height: int
    alt: str = Field(description="The image's description, for readers who cannot see it.")
    credit: str = Field(description='Where the image comes from; the site shows it as "Image: …".')


class ArticleDetail(ArticleSummary):
    body: str = Field(description="The article's text as HTML.")
    updated_at: datetime.datetime | None = Field(description="When the current version was published.")
    translations: list[Translation] = Field(description="The article's published versions in other languages.")
    image: Image | None


class ArticleList(Schema):
    count: int = Field(description="Articles matching the filters, on all pages.")
    page: int
    page_size: int
    next: str | None = Field(description="The next page's address, null on the last page.")
    previous: str | None = Field(description="The previous page's address, null on the first page.")
    results: list[ArticleSummary]


class IssueList(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[Issue]


class IssueDetail(Issue):
    articles: list[ArticleSummary]


class Reasons(Schema):
    shared_terms: list[str] = Field(description="The shared words that weigh most.")
    shared_names: list[str] = Field(description="Shared names of people, organisations and places.")
    same_trend: bool
    days_apart: int | None
    contributions: dict[str, float] = Field(description="Each signal's share of the score; the shares add up to 1.")


class SimilarArticle(Schema):
    article: ArticleSummary
    basis: Literal["similarity", "editor_pin", "closest_in_time"] = Field(
        description="`similarity`: computed, with score and reasons; `editor_pin`: chosen by an editor; "
        "`closest_in_time`: shown because too few similar articles were found."
    )
    score: float | None = Field(description="Higher is more similar; null unless the basis is `similarity`.")
    reasons: Reasons | None


class SimilarList(Schema):
    article: int = Field(description="The id of the article these are similar to.")
    results: list[SimilarArticle]
