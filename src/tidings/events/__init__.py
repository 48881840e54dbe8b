"""Event coding: PLOVER events with actor, recipient, modality, attribution, time, place and evidence."""

from .code import EventCoder
from .lexicon import Lexicon, load_lexicon

__all__ = ["EventCoder", "Lexicon", "load_lexicon"]
