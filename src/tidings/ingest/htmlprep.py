"""Inline markup repaired before trafilatura reads a page, so that no sentence loses words.

Rules are data (``data/inline.yaml``): every ``<span>`` inside a paragraph is unwrapped (trafilatura's
precision mode deletes elements by class, and a ``<span class="link">`` mid-sentence took its words
with it), hidden spans excepted; pop-up cards (hover cards) and screen-reader-only text inside a
sentence are removed; a dateline
element run into the first word ("<cite>Hong Kong (CNN Business)</cite>A muddled") gets its space.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from ..errors import ConfigError

__all__ = ["InlineRules", "load_inline_rules", "prepare_html"]

_RULES_FILE = "inline.yaml"


@dataclass(frozen=True)
class InlineRules:
    paragraph_tags: tuple[str, ...]
    spaced_tags: tuple[str, ...]
    remove_markers: tuple[str, ...]
    hidden_markers: tuple[str, ...]
    hidden_styles: tuple[str, ...]

    def _names(self, elem: HtmlElement) -> str:
        return f"{elem.get('class', '')} {elem.get('id', '')}".lower()

    def is_removed(self, elem: HtmlElement) -> bool:
        names = self._names(elem)
        return any(marker in names for marker in self.remove_markers)

    def is_hidden(self, elem: HtmlElement) -> bool:
        if elem.get("hidden") is not None or elem.get("aria-hidden") == "true":
            return True
        style = "".join((elem.get("style") or "").lower().split())
        names = self._names(elem)
        return any(s in style for s in self.hidden_styles) or any(m in names for m in self.hidden_markers)


@cache
def load_inline_rules() -> InlineRules:
    """Read and check the inline-markup rules shipped with the package (once per process)."""
    source = files("tidings.ingest").joinpath("data", _RULES_FILE)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        return InlineRules(
            paragraph_tags=tuple(str(t).lower() for t in data["paragraph_tags"]),
            spaced_tags=tuple(str(t).lower() for t in data["spaced_tags"]),
            remove_markers=tuple(str(m).lower() for m in data["remove_markers"]),
            hidden_markers=tuple(str(m).lower() for m in data["hidden_markers"]),
            hidden_styles=tuple("".join(str(s).lower().split()) for s in data["hidden_styles"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"broken inline-markup rules {_RULES_FILE}: {exc}") from exc


def prepare_html(markup: str | bytes) -> HtmlElement | None:
    """The page parsed as trafilatura parses it, with its paragraphs' inline markup repaired; None if unparsable."""
    tree = load_html(markup)
    if tree is None:
        return None
    rules = load_inline_rules()
    paragraphs = [elem for elem in tree.iter(*rules.paragraph_tags) if isinstance(elem, HtmlElement)]
    for paragraph in paragraphs:
        if paragraph.getparent() is None and paragraph is not tree:
            continue  # inside a pop-up removed earlier
        for elem in list(paragraph.iterdescendants()):
            if not isinstance(elem, HtmlElement) or elem.tag in rules.paragraph_tags:
                continue
            if rules.is_removed(elem):
                elem.drop_tree()  # keeps the tail: the sentence goes on after the card
    for paragraph in paragraphs:
        for elem in paragraph.iterdescendants(*rules.spaced_tags):
            if elem.tail and elem.tail[:1].isalnum() and (elem.text_content() or "")[-1:].strip():
                elem.tail = " " + elem.tail  # "Hong Kong (CNN Business)A muddled view" -> "... Business) A ..."
        spans = [elem for elem in paragraph.iterdescendants("span") if isinstance(elem, HtmlElement)]
        for span in spans:
            if _detached(span, paragraph) or _inside_hidden(span, paragraph, rules):
                continue
            span.drop_tag()
    return tree


def _detached(elem: HtmlElement, paragraph: HtmlElement) -> bool:
    node = elem
    while node is not None and node is not paragraph:
        node = node.getparent()
    return node is None


def _inside_hidden(elem: HtmlElement, paragraph: HtmlElement, rules: InlineRules) -> bool:
    node = elem
    while node is not None and node is not paragraph:
        if rules.is_hidden(node):
            return True
        node = node.getparent()
    return False
