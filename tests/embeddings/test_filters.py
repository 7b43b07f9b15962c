import datetime as dt

import numpy as np

from embeddings.filters import Where, day_number

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


def test_many_days_at_once_as_one_by_one():
    days = [MAY - dt.timedelta(days=1), MAY, MAY + dt.timedelta(days=1), None]
    numbers = np.array([day_number(d) for d in days])
    for where in (Where(), Where(since=MAY), Where(until=MAY), Where(since=MAY, until=MAY)):
        assert where.in_range(numbers).tolist() == [where.admits("a.txt", d) for d in days]
