"""One small cog per group of commands. Adding a command is adding a cog here."""

from .admin import AdminCog
from .ask import AskCog
from .factcheck import FactCheckCog
from .help import HelpCog
from .library import LibraryCog
from .timeline import TimelineCog

COGS = (AskCog, TimelineCog, FactCheckCog, LibraryCog, AdminCog, HelpCog)
