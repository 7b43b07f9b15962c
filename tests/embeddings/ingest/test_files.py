"""Article files as ingest writes them: front matter that reads back as written."""

import datetime as dt

import pytest

from embeddings.ingest.files import NewArticle, article_text
from embeddings.metadata import front_matter


@pytest.mark.parametrize(
    "title", ["'Enough'", '"Enough"', "'Parasite' scores at Cannes", "A win for the Smiths'"]
)
def test_a_title_reads_back_as_written(title):
    article = NewArticle(title, ("Some text.",), published=None)
    text = article_text(article, dt.datetime(2026, 11, 29, tzinfo=dt.UTC))
    assert front_matter(text)[0]["title"] == title
