"""What test modules share besides fixtures: where the project's files are, and a small
corpus to write. Test modules import from here (or from a ``helpers`` module beside them),
never from ``conftest`` or from each other."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.engine import Engine
from bot.settings import (
    ChunkingSettings,
    CorpusSettings,
    IndexSettings,
    IngestSettings,
    ModelSettings,
    Settings,
)
from embeddings import HashingEncoder

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"
DEV_CASES = DATA / "dev.jsonl"
# The evaluation sets shared between projects, beside the repository (read-only).
EXTERNAL_EVAL = ROOT.parent / "shared" / "eval" / "external"

ARTICLES = {
    "alpha.txt": (
        "Harbor deal signed\n\n"
        "PORTVILLE – The city council of Portville on Tuesday approved a harbor expansion "
        "worth 40 million dollars, the mayor said.\n\n"
        "Construction will begin in March and should take two years.\n\n"
        "Share this\n"
    ),
    "beta.md": (
        "---\npublished: 2021-05-04\n---\n"
        "# Rail strike ends\n\n"
        "Train drivers in Northland ended a nine-day strike after the U.S. mediator "
        "Anna Berg proposed a 6 percent raise.\n\n"
        "Services will resume on Friday.\n"
    ),
}


def write_corpus(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class CountingEncoder(HashingEncoder):
    """The hashing encoder, counting how many texts it was asked to embed."""

    def __init__(self):
        super().__init__()
        self.texts = 0

    def encode(self, texts, progress=False):
        self.texts += len(texts)
        return super().encode(texts)


def hashing_settings(corpus: Path, folder: Path) -> Settings:
    """Settings for fast tests: the articles in ``corpus``, the hashing encoder, and the
    index and ingest state in ``folder``."""
    return Settings(
        corpus=CorpusSettings(corpus),
        index=IndexSettings(folder / "index"),
        model=ModelSettings(name="hashing"),
        chunking=ChunkingSettings(max_words=40),
        ingest=IngestSettings(state_dir=folder / "state"),
    )


def sourced_engine(folder: Path, extra: dict[str, str] | None = None) -> Engine:
    """The hashing encoder over a copy of the three dated articles (two with an outlet) of
    tests/data/sourced, and the ``extra`` files given (name -> text), indexed."""
    corpus = folder / "corpus"
    shutil.copytree(DATA / "sourced", corpus)
    write_corpus(corpus, extra or {})
    engine = Engine(hashing_settings(corpus, folder), HashingEncoder())
    engine.refresh()
    return engine
