"""The actor stage: KB loading, mention finding, coreference; ``ActorResolver`` is its entry point."""

from __future__ import annotations

from .kb import KnowledgeBase, load_kb
from .resolve import ActorResolver

__all__ = ["ActorResolver", "KnowledgeBase", "load_kb"]
