"""An index in segments: a build writes only what changed, deletes by tombstones, merges
when segments pile up, and the index still reads and searches as one."""

import datetime as dt
import json
import shutil

import numpy as np
import pytest

from embeddings import HashingEncoder, IndexStoreError, Searcher, load, update_index
from embeddings import store as disk
from embeddings.filters import Where
from embeddings.segments import MAX_DELETED_SHARE, MAX_SEGMENTS, SegmentInfo, plan_merges
from tests.helpers import SEEDS, CountingEncoder

QUESTIONS = [
    "Who met at the Pentagon?",
    "When was the alliance agreement signed?",
    "What did the defense ministers discuss about Okinawa?",
]


def build(corpus, index, encoder=None, **kw):
    return update_index(corpus, index, "hashing", 40, lambda: encoder or HashingEncoder(), **kw)


def article(title, sentence):
    return f"{title}\n\n{sentence}\n"


def identity(passage):
    return (passage.source, passage.paragraph, passage.start)


@pytest.fixture
def seeds(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def segment_files(index):
    generation = disk.current_generation(index)
    files = generation.glob("seg-*/**/*")
    return {p.relative_to(generation): p.stat().st_ino for p in files if p.is_file()}


def test_adding_an_article_writes_one_new_segment_and_links_the_old_one(seeds, tmp_path):
    index = tmp_path / "ix"
    build(seeds, index)
    before = segment_files(index)
    (seeds / "zoo.txt").write_text(article("Zoo news", "A panda was born at the city zoo."))
    encoder = CountingEncoder()
    report = build(seeds, index, encoder)
    assert report.added == ("zoo.txt",) and encoder.texts == 2  # one passage, two vectors
    after = segment_files(index)
    assert {k: v for k, v in after.items() if k in before} == before  # the same files, linked
    assert sorted({path.parts[0] for path in after}) == ["seg-000001", "seg-000002"]
    store = load(index)
    hits = Searcher(store, HashingEncoder()).search("panda born at the zoo", k=1)
    assert hits[0].passage.source == "zoo.txt"


def test_changed_and_removed_articles_are_deleted_where_they_were(seeds, tmp_path):
    index = tmp_path / "ix"
    build(seeds, index)
    names = sorted(p.name for p in seeds.iterdir())
    changed, removed = names[0], names[1]
    (seeds / changed).write_text(article("Harbor deal", "The council rejected the harbor plan."))
    (seeds / removed).unlink()
    build(seeds, index)
    store = load(index)
    old = store.segments[0].info
    assert old.deleted and old.live == old.rows - len(old.deleted)
    live = list(store.passages)
    assert len(live) == len(store.passages) == store.manifest.passages
    assert removed not in {p.source for p in live}
    assert [p.text for p in live if p.source == changed] == [
        "The council rejected the harbor plan."
    ]
    assert len(store.ann) == 2 * len(live)
    searcher = Searcher(store, HashingEncoder())
    for question in [*QUESTIONS, "council harbor plan"]:
        for hit in searcher.search(question, k=10, pool=100):
            assert store.passages[hit.row] == hit.passage
            assert hit.passage.source != removed
            if hit.passage.source == changed:
                assert "harbor" in hit.passage.text


def test_the_index_in_segments_searches_as_a_rebuilt_one(seeds, tmp_path):
    index, fresh = tmp_path / "ix", tmp_path / "fresh"
    names = sorted(p.name for p in seeds.iterdir())
    for name in names[1:]:
        (seeds / name).rename(tmp_path / name)
    build(seeds, index)
    for name in names[1:]:  # one build per article: a segment each
        (tmp_path / name).rename(seeds / name)
        build(seeds, index)
    build(seeds, fresh)
    segmented, rebuilt = load(index), load(fresh)
    assert len(segmented.segments) == len(names) and len(rebuilt.segments) == 1
    assert sorted(map(identity, segmented.passages)) == sorted(map(identity, rebuilt.passages))
    encoder = HashingEncoder()
    for question in QUESTIONS:
        vector = encoder.encode([question])[0]
        found = [
            [(identity(s.passages[row // 2]), row % 2, round(score, 5)) for row, score in hits]
            for s in (segmented, rebuilt)
            for hits in [s.ann.search(vector, 20)]
        ]
        assert found[0] == found[1]
        for term in ("pentagon", "allianc", "okinawa", "neverseen"):
            assert segmented.keywords.idf(term) == pytest.approx(rebuilt.keywords.idf(term))
        keyword = [
            [identity(s.passages[r]) for r, _ in s.keywords.search(question, 5)]
            for s in (segmented, rebuilt)
        ]
        # BM25's length normalisation uses each segment's average passage length, so the
        # lists may differ at the margin (here each segment is one article).
        assert keyword[0][:1] == keyword[1][:1]
        assert len(set(keyword[0]) & set(keyword[1])) >= min(3, len(keyword[1]))
    rows = [0, len(rebuilt.passages) - 1]
    assert np.array_equal(
        segmented.ann.rows([2 * r for r in rows]),
        rebuilt.ann.rows(
            [
                2 * [identity(p) for p in rebuilt.passages].index(identity(segmented.passages[r]))
                for r in rows
            ]
        ),
    )


def test_segments_are_merged_when_they_pile_up(seeds, tmp_path):
    index = tmp_path / "ix"
    build(seeds, index)
    for i in range(MAX_SEGMENTS + 3):
        (seeds / f"extra{i}.txt").write_text(article(f"Extra {i}", f"Extra news number {i}."))
        encoder = CountingEncoder()
        build(seeds, index, encoder)
        assert encoder.texts == 2  # merging embeds nothing
    store = load(index)
    assert len(store.segments) <= MAX_SEGMENTS
    assert len({p.source for p in store.passages}) == len(list(seeds.iterdir()))
    assert store.segments[0].info.name == "seg-000001"  # the big one was never rewritten


def test_a_mostly_deleted_segment_is_rewritten_and_an_empty_one_dropped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"a{i}.txt").write_text(article(f"Title {i}", f"Sentence number {i}."))
    build(corpus, tmp_path / "ix")
    (corpus / "b.txt").write_text(article("Other", "Another sentence."))
    build(corpus, tmp_path / "ix")
    for i in range(3):  # 3 of 4 deleted: over the share, the segment is rewritten
        (corpus / f"a{i}.txt").unlink()
    assert MAX_DELETED_SHARE <= 3 / 4
    build(corpus, tmp_path / "ix")
    store = load(tmp_path / "ix")
    assert all(not s.info.deleted for s in store.segments)
    assert sorted(p.source for p in store.passages) == ["a3.txt", "b.txt"]
    (corpus / "b.txt").unlink()
    build(corpus, tmp_path / "ix")
    assert [p.source for p in load(tmp_path / "ix").passages] == ["a3.txt"]


def test_plan_merges_merges_the_smallest_and_rewrites_mostly_deleted_ones():
    big = SegmentInfo("seg-000001", 1000)
    small = [SegmentInfo(f"seg-{i:06d}", i) for i in range(2, 2 + MAX_SEGMENTS)]
    groups = plan_merges([big, *small])
    assert groups == [small[:2]]
    holed = SegmentInfo("seg-000099", 10, deleted=tuple(range(6)))
    gone = SegmentInfo("seg-000098", 2, deleted=(0, 1))
    assert plan_merges([big, holed, gone]) == [[holed]]


def test_filters_are_applied_inside_the_search(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, year in enumerate((2021, 2022, 2023)):
        (corpus / f"n{i}.txt").write_text(
            f"Harbor news {i}\n\nPublished: {year}-05-01\n\n"
            f"The harbor council met again in {year}. The harbor plan was debated.\n"
        )
    (corpus / "undated.txt").write_text(article("Harbor", "The harbor council met."))
    build(corpus, tmp_path / "ix")
    (corpus / "late.txt").write_text("Late\n\nPublished: 2024-01-02\n\nThe harbor council met.\n")
    build(corpus, tmp_path / "ix")  # a second segment
    store = load(tmp_path / "ix")
    searcher = Searcher(store, HashingEncoder())
    cases = {
        Where(sources=frozenset({"n1.txt", "late.txt"})): {"n1.txt", "late.txt"},
        Where(since=dt.date(2022, 5, 1)): {"n1.txt", "n2.txt", "late.txt"},
        Where(until=dt.date(2022, 5, 1)): {"n0.txt", "n1.txt"},
        Where(since=dt.date(2030, 1, 1)): set(),
    }
    for where, sources in cases.items():
        hits = searcher.search("harbor council", k=10, where=where)
        assert {h.passage.source for h in hits} == sources, where


def test_a_segment_name_leading_out_of_the_generation_is_refused(seeds, tmp_path):
    build(seeds, tmp_path / "ix")
    path = disk.current_generation(tmp_path / "ix") / "manifest.json"
    data = json.loads(path.read_text())
    data["segments"][0]["name"] = "../../elsewhere"
    path.write_text(json.dumps(data))
    with pytest.raises(IndexStoreError, match="malformed segment"):
        load(tmp_path / "ix")
