"""The Discord front end: a thin layer of cogs over the engine (parse → engine → format)."""

from .client import NewsdeskBot
from .serve import serve

__all__ = ["NewsdeskBot", "serve"]
