"""The exceptions newsdesk raises, as one tree (in the manner of httpx).

    NewsdeskError             anything the user can act on; carries a one-line message
    ├── ConfigError           the settings file is missing, unreadable or invalid
    ├── CorpusError           the corpus folder is missing, empty or unreadable
    ├── ModelError            the embedding model cannot be found or loaded
    ├── IndexStoreError       the index on disk is corrupt, half-written or built differently
    │   └── IndexBusyError    another process is writing the index right now
    └── QueryError            a question, topic or claim that cannot be answered as given

The retrieval core (``embeddings/errors.py``) owns the root and the corpus, model and
index errors; the bot's own errors are defined here. Front ends import every one of them
from this module, catch ``NewsdeskError`` and show its message; anything else is a bug.
"""

from embeddings.errors import (
    CorpusError,
    IndexBusyError,
    IndexStoreError,
    ModelError,
    NewsdeskError,
)

__all__ = [
    "ConfigError",
    "CorpusError",
    "IndexBusyError",
    "IndexStoreError",
    "ModelError",
    "NewsdeskError",
    "QueryError",
]


class ConfigError(NewsdeskError):
    """The settings could not be read or are invalid."""


class QueryError(NewsdeskError):
    """The question, topic or claim is empty, too long or otherwise unusable."""
