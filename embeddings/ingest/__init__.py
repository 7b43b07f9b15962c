"""News coming in: web pages, RSS/Atom feeds and folders of them become plain-text article
files in the corpus folder, with their title, date, outlet and link in front matter
(``files.py``), each article once (``registry.py``, ``copies.py``).

    fetching.py  URLs and files to bytes: timeouts, size cap, redirects, conditional GETs
    pages.py     a page's article and metadata (trafilatura)
    feeds.py     a feed's entries (feedparser)
    urls.py      one spelling per URL; naming.py  file names
    adding.py    ``add``: all of it, source by source, entry by entry
    registry.py  what ingest remembers; ``feed_polls``: each feed's last poll, read only
"""

from .adding import AddReport, FeedResult, ItemResult, ItemStatus, add
from .registry import FeedState, feed_polls

__all__ = [
    "AddReport",
    "FeedResult",
    "FeedState",
    "ItemResult",
    "ItemStatus",
    "add",
    "feed_polls",
]
