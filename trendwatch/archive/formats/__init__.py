"""One reader per import format: `read(path, options) -> ArchiveFile`, never touching the database.

options: a `ReadOptions`. Readers raise `ArchiveFormatError` for anything they cannot read.
"""

from dataclasses import dataclass, field


@dataclass
class ReadOptions:
    """language: the articles' language when the source does not say (default None: guessed).
    trend_map: {source category (name or slug, lower case): trend slug} (default empty).
    """

    language: str | None = None
    trend_map: dict = field(default_factory=dict)


def reader(name):
    from . import html, jsonl, seedtext, wxr

    return {"jsonl": jsonl.read, "seedtext": seedtext.read, "html": html.read, "wxr": wxr.read}[name]


FORMATS = ("jsonl", "seedtext", "html", "wxr")
