"""The corpus boundary (issue 14): which files are articles, and reading them in linear time."""

from __future__ import annotations

import pytest

from embeddings import sentences
from embeddings.sentences import WINDOW, split_sentences


@pytest.fixture
def segmented_lengths(monkeypatch) -> list[int]:
    """The length of every text handed to pysbd while the test runs."""
    real = sentences._segmenter()
    lengths: list[int] = []

    class Recording:
        def segment(self, text: str) -> list[str]:
            lengths.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(sentences, "_segmenter", Recording)
    return lengths


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are ordered, stripped, and cover every non-space character of ``text``."""
    covered = 0
    for (start, end), following in zip(spans, spans[1:] + [(len(text), len(text))], strict=True):
        assert start < end <= following[0]
        assert text[start:end] == text[start:end].strip()
        covered += len("".join(text[start:end].split()))
    assert covered == len("".join(text.split()))


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["harbor"] * 20_000),  # one 140 KB line with no sentence end
        "\n".join(["harbor"] * 20_000),  # 20,000 one-word lines
        "x" * 9_000 + " tail.",  # a 9 KB "word"
        ("The U.S. mediator Anna Berg spoke on Oct. 1 in Portville. " * 400),
        " " * 5_000 + "A sentence after a long run of spaces.",
    ],
)
def test_the_segmenter_never_sees_more_than_a_window(text, segmented_lengths):
    # pysbd's time grows with the square of its input; bounded input keeps indexing linear.
    spans = split_sentences(text, offset=7)
    assert max(segmented_lengths) <= WINDOW
    # Every window is handed over at most about twice, so the work is linear in the length.
    assert sum(segmented_lengths) <= 2 * len(text) + WINDOW
    _check_spans(text, [(s - 7, e - 7) for s, e in spans])


def test_long_prose_is_cut_where_pysbd_cuts_it(segmented_lengths):
    sentence = "The U.S. mediator Anna Berg spoke on Oct. 1 in Portville."
    text = " ".join([sentence] * 400)
    spans = split_sentences(text)
    assert len(spans) == 400 and {text[s:e] for s, e in spans} == {sentence}


def test_a_paragraph_within_one_window_is_segmented_in_one_call(segmented_lengths):
    text = "Train drivers ended a strike after the U.S. mediator spoke. Services resume Friday."
    assert split_sentences(text, offset=3) == [(3, 62), (63, 86)]
    assert segmented_lengths == [len(text)]
