"""tidings: turn news into sourced, uncertainty-honest event data.

``tidings.open(db)`` is the front door: a :class:`~tidings.api.Workspace` over one store (a context manager).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["open", "Workspace", "EventQuery", "__version__"]


def __getattr__(name: str):
    # Lazy: `import tidings.records` (every stage does) must not pull in pandas and the store.
    if name in ("open", "Workspace"):
        from . import api

        return getattr(api, name)
    if name == "EventQuery":
        from .read_models import EventQuery

        return EventQuery
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
