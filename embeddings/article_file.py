"""The articles of an index generation (``articles.json``): every article's title, date,
source and paragraph offsets, as the build parsed them, so answers need not parse again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .articles import Article, Paragraph

FILE = "articles.json"


def write_articles(generation: Path, articles: dict[str, Article]) -> None:
    (generation / FILE).write_text(json.dumps([_article_dict(a) for a in articles.values()]))


def read_articles(generation: Path) -> dict[str, Article]:
    """Raises what reading or parsing the file raises (the caller says it is corrupt)."""
    return {a["name"]: _article(a) for a in json.loads((generation / FILE).read_text())}


def _article_dict(article: Article) -> dict:
    # Written field by field: dataclasses.asdict deep-copies, which cost most of adding an
    # article to a large index (every build writes every article's entry).
    return {
        "name": article.name,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "paragraphs": [vars(p) for p in article.paragraphs],
        "sha256": article.sha256,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "reported_by": [list(report) for report in article.reported_by],
    }


def _article(data: dict) -> Article:
    published = dt.date.fromisoformat(data["published"]) if data["published"] else None
    paragraphs = tuple(Paragraph(**p) for p in data["paragraphs"])
    return Article(
        data["name"],
        data["title"],
        published,
        paragraphs,
        data["sha256"],
        # Absent from indexes written before articles carried their source: "" and ().
        url=data.get("url", ""),
        outlet=data.get("outlet", ""),
        author=data.get("author", ""),
        reported_by=tuple((outlet, url) for outlet, url in data.get("reported_by", ())),
    )
