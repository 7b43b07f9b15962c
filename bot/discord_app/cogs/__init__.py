"""One small cog per group of commands. Adding a command is adding a cog here."""

from .admin import AdminCog
from .ask import AskCog
from .help import HelpCog
from .library import LibraryCog
from .timeline import TimelineCog

COGS = (AskCog, TimelineCog, LibraryCog, AdminCog, HelpCog)
