"""Shared fixtures. Fast tests use the deterministic hashing encoder; tests marked
``slow`` load the real model and use the real seed articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.settings import Settings
from embeddings import HashingEncoder
from tests.helpers import ROOT, SEEDS, hashing_settings, write_corpus

pytest_plugins = ["tests.fake_discord.fixtures"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def fake_settings(tmp_path: Path, corpus: Path) -> Settings:
    return hashing_settings(corpus, tmp_path)


@pytest.fixture
def fake_engine(fake_settings: Settings) -> Engine:
    return Engine(fake_settings, HashingEncoder())


@pytest.fixture
def config_file(tmp_path: Path, corpus: Path) -> Path:
    """A settings file for CLI tests: the small corpus and the hashing encoder."""
    path = tmp_path / "newsdesk.toml"
    path.write_text(
        f'[corpus]\ndir = "{corpus}"\n[index]\ndir = "{tmp_path / "index"}"\n'
        '[model]\nname = "hashing"\n'
    )
    return path


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory) -> Engine:
    """The real model over a copy of the real seeds (built once per test session)."""
    from bot.settings import load_settings

    folder = tmp_path_factory.mktemp("seeds")
    corpus = folder / "seeds"
    shutil.copytree(SEEDS, corpus)
    settings = load_settings(ROOT / "config" / "newsdesk.toml").with_paths(
        str(corpus), str(folder / "index")
    )
    engine = Engine(settings)
    engine.refresh()
    return engine
