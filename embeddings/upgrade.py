"""Indexes of format 3 brought to format 4 without embedding anything again.

Format 3 kept one set of files per generation (passages.sqlite, keywords/, names.sqlite,
vectors.faiss); format 4 keeps the same files per segment. So a format-3 index becomes a
format-4 index of one segment: its files are hard-linked into the segment, and only the
table of which rows hold which article is written. An archive embedded over hours is not
embedded again for a new layout.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from . import store as disk
from .article_file import FILE as ARTICLES_FILE
from .passage_table import PassageTable
from .segments import SegmentInfo, link_tree, write_sources

log = logging.getLogger(__name__)

UPGRADABLE = 3
_SEGMENT_FILES = ("passages.sqlite", "keywords", "names.sqlite", "vectors.faiss")


def upgrade(folder: Path) -> bool:
    """Upgrade the index in ``folder`` if it has format 3; whether it did.

    Anything unexpected in the old index leaves it as it was (False): the caller then
    rebuilds it from the corpus, as for any older format.
    """
    generation = disk.current_generation(folder)
    try:
        data = json.loads((generation / "manifest.json").read_text()) if generation else {}
        if data.get("format_version") != UPGRADABLE or generation is None:
            return False
        with disk.writing(folder) as new:
            info = SegmentInfo("seg-000001", data["passages"], data.get("index_kind", "flat"))
            for name in _SEGMENT_FILES:
                link_tree(generation / name, new / info.name / name)
            write_sources(new / info.name, PassageTable(new / info.name / "passages.sqlite"))
            link_tree(generation / ARTICLES_FILE, new / ARTICLES_FILE)
            manifest = disk.Manifest(
                disk.FORMAT_VERSION,
                data["model"],
                data["dimension"],
                data["max_words"],
                data["files"],
                data["passages"],
                data["created"],
                segments=(info,),
            )
            disk.commit(folder, new, manifest)
    except (OSError, ValueError, KeyError, TypeError, sqlite3.Error) as exc:
        log.warning("cannot upgrade the index in %s (%s)", folder, exc)
        return False
    log.info("upgraded the index in %s to format %d", folder, disk.FORMAT_VERSION)
    return True
