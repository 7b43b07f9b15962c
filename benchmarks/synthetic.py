"""A deterministic synthetic corpus: the seeds' sentences recombined, names and numbers varied.

Article ``i`` depends only on the seed sentences, the RNG seed, ``i`` and the shape, so a
500-article corpus is the first 500 articles of a 5,000-article one.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from embeddings import parse_article, read_corpus
from embeddings.sentences import split_sentences

RNG_SEED = 20240601
# A capitalised word that does not start the sentence: a name, a place, an organisation.
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\d+")
_SYLLABLES = "ka ri mo ta ve lan dor si pe nu ha zel om bri cu fen ga lo mi tor ash qu".split()
_FIRST_DATE = dt.date(2018, 1, 1)
# Each synthetic article's outlet, one of these at random (benchmark 12 filters by one).
OUTLETS = (
    "Ashford Ledger",
    "Brill Courier",
    "Calder Times",
    "Dunmore Post",
    "Elster Herald",
    "Fenwick Gazette",
    "Galloway Wire",
    "Hartley Tribune",
    "Ingram Daily",
    "Jessop Review",
)


@dataclass(frozen=True)
class Shape:
    """How long the articles are (inclusive ranges)."""

    paragraphs: tuple[int, int]
    sentences: tuple[int, int]  # per paragraph


# About as long as the seed articles (~10 passages each).
SEED_LIKE = Shape(paragraphs=(6, 9), sentences=(1, 2))
# About a third of that, so that 5,000 articles embed in a few minutes on 2 cores.
SHORT = Shape(paragraphs=(2, 3), sentences=(1, 2))


def seed_sentences(seeds: Path, min_words: int = 6) -> list[str]:
    """The body sentences of the seed articles, cut by the pipeline's own splitter."""
    pool = []
    for source in read_corpus(seeds):
        for paragraph in parse_article(source).paragraphs:
            body = source.text[paragraph.start : paragraph.end]
            for start, end in split_sentences(body, paragraph.start):
                sentence = " ".join(source.text[start:end].split())
                if len(sentence.split()) >= min_words:
                    pool.append(sentence)
    return pool


def _make_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


class ArticleMaker:
    def __init__(self, sentences: list[str], seed: int = RNG_SEED):
        self.sentences = sentences
        self.seed = seed
        rng = random.Random(seed)
        self.names = sorted({_make_name(rng) for _ in range(600)})

    def text(self, number: int, shape: Shape) -> str:
        """Article ``number`` as file text: front matter, then blank-line separated paragraphs."""
        rng = random.Random(f"{self.seed}:{number}")
        renamed: dict[str, str] = {}  # one article calls a person by one name throughout

        def vary(sentence: str) -> str:
            def rename(match: re.Match) -> str:
                word = match.group()
                if word not in renamed:
                    renamed[word] = rng.choice(self.names) if rng.random() < 0.5 else word
                return renamed[word]

            def renumber(match: re.Match) -> str:
                digits = len(match.group())
                return str(rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))

            return _NUMBER.sub(renumber, _CAPITALISED.sub(rename, sentence))

        paragraphs = [
            " ".join(vary(rng.choice(self.sentences)) for _ in range(rng.randint(*shape.sentences)))
            for _ in range(rng.randint(*shape.paragraphs))
        ]
        title = " ".join(paragraphs[0].split()[:10]).rstrip(",.;:")
        published = _FIRST_DATE + dt.timedelta(days=rng.randrange(2500))
        outlet = rng.choice(OUTLETS)  # drawn last: the text is as it was before outlets
        header = (
            f"---\ntitle: {title}\npublished: {published.isoformat()}\noutlet: {outlet}\n---\n\n"
        )
        return header + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, articles: int, shape: Shape, seeds: Path) -> int:
    """Fill ``folder`` with the seed articles plus synthetic ones, ``articles`` in all."""
    folder.mkdir(parents=True, exist_ok=True)
    seed_files = sorted(p for p in seeds.iterdir() if p.is_file())
    for path in seed_files:
        shutil.copyfile(path, folder / path.name)
    maker = ArticleMaker(seed_sentences(seeds))
    for number in range(articles - len(seed_files)):
        (folder / f"synthetic_{number:05d}.txt").write_text(maker.text(number, shape), "utf-8")
    return max(articles, len(seed_files))
