import datetime as dt

from embeddings.filters import Where

MAY = dt.date(2023, 5, 1)


def test_open_filter_admits_everything():
    assert Where().admits("a.txt", None)
    assert Where().admits("a.txt", MAY)


def test_sources():
    where = Where(sources=frozenset({"a.txt"}))
    assert where.admits("a.txt", None)
    assert not where.admits("b.txt", MAY)


def test_dates_include_their_bounds_and_exclude_undated_articles():
    where = Where(since=MAY, until=MAY)
    assert where.admits("a.txt", MAY)
    assert not where.admits("a.txt", MAY + dt.timedelta(days=1))
    assert not where.admits("a.txt", MAY - dt.timedelta(days=1))
    assert not where.admits("a.txt", None)
