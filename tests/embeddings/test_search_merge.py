"""search.merge_duplicates: copies fold by text, close paraphrases when ``same`` says so."""

from __future__ import annotations

from dataclasses import dataclass

from embeddings.search import merge_duplicates


@dataclass(frozen=True)
class Item:
    text: str
    source: str
    also_in: tuple[str, ...] = ()


def _merge(items, same=None):
    return merge_duplicates(items, lambda i: i.text, lambda i: i.source, same)


def test_copies_fold_into_the_first_in_order():
    items = [Item("A deal.", "a"), Item("Other.", "b"), Item("a  DEAL", "c"), Item("A deal", "a")]
    assert _merge(items) == [Item("A deal.", "a", ("c",)), Item("Other.", "b")]


def test_a_paraphrase_folds_only_when_same_says_so():
    items = [Item("They agreed.", "a"), Item("An agreement was reached.", "b")]
    assert _merge(items) == items
    merged = _merge(items, lambda kept, item: "agree" in item.text)
    assert merged == [Item("They agreed.", "a", ("b",))]
