"""Adapters to the time, place and quantity stages: one place that calls them for an event's trigger."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..records import Article, EventDate, Location, Quantity

__all__ = ["Enricher", "published_year"]

log = logging.getLogger(__name__)


def published_year(article: Article) -> int | None:
    """The publication year when the article's date is trustworthy (page chrome is not)."""
    if not article.published or article.published_source == "page":
        return None
    try:
        return dt.date.fromisoformat(article.published[:10]).year
    except ValueError:
        return None


@dataclass
class Enricher:
    """Dates, places and quantities for events, from ``tidings.when``, ``tidings.where``, ``tidings.quantities``."""

    find_date: object | None = None
    gazetteer: object | None = None
    find_quantities: object | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> Enricher:
        enricher = cls()
        try:
            from ..when import find_event_date

            enricher.find_date = find_event_date
        except ImportError as exc:
            enricher.notes.append(f"dates unavailable: {exc}")
        try:
            from ..where import Gazetteer

            enricher.gazetteer = Gazetteer.load()
        except ImportError as exc:
            enricher.notes.append(f"places unavailable: {exc}")
        try:
            from ..quantities import find_quantities

            enricher.find_quantities = find_quantities
        except ImportError as exc:
            enricher.notes.append(f"quantities unavailable: {exc}")
        for note in enricher.notes:
            log.warning("event coder: %s", note)
        return enricher

    def date(self, sent: Span, trigger: Token, article: Article) -> EventDate | None:
        if self.find_date is None:
            return None
        return self.find_date(sent, trigger, published=article.published, published_source=article.published_source)

    def location(self, sent: Span, trigger: Token, doc_countries: set[str]) -> Location | None:
        if self.gazetteer is None:
            return None
        return self.gazetteer.locate_event(sent, trigger, doc_countries=doc_countries)

    def quantities(self, sent: Span, trigger: Token) -> list[Quantity]:
        if self.find_quantities is None:
            return []
        return list(self.find_quantities(sent, trigger))
