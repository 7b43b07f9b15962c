"""The retrieval core's exceptions: the root of newsdesk's one exception tree and the
errors of the corpus, the model and the index. ``bot/errors.py`` adds the bot's own
errors under the same root and documents the whole tree.
"""


class NewsdeskError(Exception):
    """Base class: an error whose message is meant for the user."""


class CorpusError(NewsdeskError):
    """The corpus folder is missing, empty or holds no readable article."""


class ModelError(NewsdeskError):
    """The embedding model is missing or cannot be loaded."""


class IndexStoreError(NewsdeskError):
    """The index on disk cannot be used (corrupt, or built with other settings)."""


class IndexBusyError(IndexStoreError):
    """Another build holds the index folder's writer lock; the index on disk is still whole."""
