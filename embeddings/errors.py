"""The exceptions newsdesk raises, as one tree (in the manner of httpx).

    NewsdeskError             anything the user can act on; carries a one-line message
    ├── ConfigError           the settings file is missing, unreadable or invalid
    ├── CorpusError           the corpus folder is missing, empty or unreadable
    ├── ModelError            the embedding model cannot be found or loaded
    ├── IndexStoreError       the index on disk is corrupt, half-written or built differently
    │   └── IndexBusyError    another process is writing the index right now
    └── QueryError            a question or claim that cannot be answered as given

Front ends catch ``NewsdeskError`` and show its message; anything else is a bug.
"""


class NewsdeskError(Exception):
    """Base class: an error whose message is meant for the user."""


class ConfigError(NewsdeskError):
    """The settings could not be read or are invalid."""


class CorpusError(NewsdeskError):
    """The corpus folder is missing, empty or holds no readable article."""


class ModelError(NewsdeskError):
    """The embedding model is missing or cannot be loaded."""


class IndexStoreError(NewsdeskError):
    """The index on disk cannot be used (corrupt, or built with other settings)."""


class IndexBusyError(IndexStoreError):
    """Another build holds the index folder's writer lock; the index on disk is still whole."""


class QueryError(NewsdeskError):
    """The question or claim is empty, too long or otherwise unusable."""
