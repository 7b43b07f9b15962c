"""newsdesk's retrieval core: corpus -> articles -> passages -> vectors -> index -> search.

This package never imports discord; ``bot`` builds answers and front ends on top of it.
"""

from .articles import Article, Paragraph, parse_article
from .build import BuildReport, update_index
from .chunking import Passage, chunk_article
from .corpus import SourceFile, read_corpus, read_file
from .encoders import Encoder, HashingEncoder, SentenceTransformerEncoder, make_encoder
from .errors import (
    CorpusError,
    IndexBusyError,
    IndexStoreError,
    ModelError,
    NewsdeskError,
)
from .search import Hit, Searcher
from .store import Manifest, Store, load

__all__ = [
    "Article",
    "BuildReport",
    "CorpusError",
    "Encoder",
    "HashingEncoder",
    "Hit",
    "IndexBusyError",
    "IndexStoreError",
    "Manifest",
    "ModelError",
    "NewsdeskError",
    "Paragraph",
    "Passage",
    "SentenceTransformerEncoder",
    "SourceFile",
    "Searcher",
    "Store",
    "chunk_article",
    "load",
    "make_encoder",
    "parse_article",
    "read_corpus",
    "read_file",
    "update_index",
]
