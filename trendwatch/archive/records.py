"""The plain records every import format is read into, and the error every reader raises.

Readers turn a file into records without touching the database; the loader writes records. A
record names where it came from (`where`), so that an error found while writing it can still say
which line or element of which file is at fault.
"""

import datetime
from dataclasses import dataclass, field

STATUSES = ("published", "draft", "scheduled", "withdrawn")


class ArchiveFormatError(Exception):
    """A file that cannot be imported: says which file, where in it, and what is wrong."""

    def __init__(self, path, where, message):
        self.path, self.where, self.message = str(path), where, message
        super().__init__(f"{self.path}: {where}: {message}" if where else f"{self.path}: {message}")


@dataclass
class ImageRecord:
    key: str
    file: str  # path of the picture, absolute once read
    title: str
    credit: str = ""
    alt: str = ""
    focal_point: dict | None = None
    where: str = ""


@dataclass
class PinRecord:
    """A similar-article entry: by archive key, or by headline and date as a page shows it."""

    key: str = ""
    title: str = ""
    published_at: datetime.datetime | None = None
    lead: str = ""


@dataclass
class ArticleRecord:
    key: str
    where: str
    language: str
    title: str
    lead: str
    body: str
    published_at: datetime.datetime | None
    status: str = "published"
    trend: str = ""  # a trend slug; empty: the import's default trend
    direction: str = "not_assessed"
    authors: list = field(default_factory=list)  # [(slug, English name)]
    slug: str = ""
    seo_title: str = ""
    search_description: str = ""
    week_override: datetime.date | None = None
    exclude_from_similar: bool = False
    go_live_at: datetime.datetime | None = None
    expire_at: datetime.datetime | None = None
    first_published_at: datetime.datetime | None = None
    last_published_at: datetime.datetime | None = None
    privacy: dict | None = None  # {"type": "login"} | {"type": "password", "password": ..} | {"type": "groups", "groups": [..]}
    image: ImageRecord | None = None
    image_credit: str = ""
    pins: list = field(default_factory=list)
    exclusions: list = field(default_factory=list)  # archive keys
    group: str = ""  # translation group: records sharing it are translations of each other
    source_format: str = ""
    source_url: str = ""
    tags: list = field(default_factory=list)
    sticky: bool = False


@dataclass
class ArchiveFile:
    """Everything read from one file: articles plus (jsonl only) trends, authors, weeks and entities."""

    path: str
    articles: list = field(default_factory=list)
    trends: list = field(default_factory=list)  # dicts of Trend fields
    authors: list = field(default_factory=list)  # dicts of Author fields
    weeks: list = field(default_factory=list)  # dicts of WeeklyIssue fields
    entities: list = field(default_factory=list)  # dicts of Entity fields and their aliases
