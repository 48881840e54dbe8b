"""Scorers shared by tests, benchmarks and `tidings evaluate`, plus where their shared data lives."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import EvaluationError

__all__ = [
    "SEED_NAME",
    "shared_dir",
    "default_seed_source",
    "default_seed_gold",
    "default_plover_data",
    "load_gold",
    "read_extractions",
    "run_extraction",
    "evaluate_seed",
    "evaluate_plover",
    "default_news_golds",
    "load_news_golds",
    "evaluate_news",
    "gold_documents",
]

log = logging.getLogger(__name__)

SEED_NAME = "000_2fc2989a5cbe0d10"
SHARED = "shared"


def _candidates() -> list[Path]:
    # ../shared beside the working directory first, then beside the repository this package sits in.
    here = Path.cwd().resolve()
    repo = Path(__file__).resolve().parents[3]
    return [here.parent / SHARED, here / SHARED, repo.parent / SHARED]


def shared_dir() -> Path | None:
    """The ``shared/`` folder (seed, gold, data) next to the current directory or the repo, if any."""
    return next((p for p in _candidates() if p.is_dir()), None)


def _shared_file(*parts: str, what: str) -> Path:
    base = shared_dir()
    path = base.joinpath(*parts) if base else None
    if path is None or not path.exists():
        tried = ", ".join(str(p.joinpath(*parts)) for p in _candidates())
        raise EvaluationError(f"{what} not found (looked for {tried}); give its path explicitly")
    return path


def default_seed_source() -> Path:
    return _shared_file("seed", f"{SEED_NAME}.txt", what="seed article")


def default_seed_gold() -> Path:
    return _shared_file("gold", f"{SEED_NAME}.gold.json", what="seed gold annotation")


def default_plover_data() -> Path:
    return _shared_file("data", "plover-sentences", "plover-train.tsv", what="PLOVER sentences TSV")


def default_news_golds() -> Path:
    return _shared_file("gold", "news", what="news gold folder")


def load_news_golds(folder: Path) -> dict[str, dict]:
    """Every ``*.gold.json`` of a folder, by page name (the file name without ``.gold.json``)."""
    if not folder.is_dir():
        raise EvaluationError(f"news gold folder {folder} is not a folder")
    golds = {p.name.removesuffix(".gold.json"): load_gold(p) for p in sorted(folder.glob("*.gold.json"))}
    if not golds:
        raise EvaluationError(f"no *.gold.json files in {folder}")
    return golds


def gold_documents(golds: dict[str, dict], folder: Path) -> list[Path]:
    """The page each gold names: relative to shared/ (the gold folder is shared/gold/news/), or absolute."""
    roots = [r for r in (shared_dir(), folder.resolve().parents[1]) if r is not None]
    found = []
    for name, gold in golds.items():
        relative = gold.get("document")
        if not relative:
            raise EvaluationError(f"gold {name} names no document")
        path = next((root / relative for root in roots if (root / relative).is_file()), None)
        if path is None:
            raise EvaluationError(f"gold {name}: its document {relative} is not under {' or '.join(map(str, roots))}")
        found.append(path)
    return found


def load_gold(path: Path) -> dict:
    """Read a gold annotation JSON file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise EvaluationError(f"cannot read gold file {path}: {e}") from e
    except json.JSONDecodeError as e:
        raise EvaluationError(f"gold file {path} is not valid JSON: {e}") from e


def read_extractions(path: Path) -> Iterator[dict]:
    """The extraction records of a ``tidings extract --format jsonl`` output file, one per line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise EvaluationError(f"cannot read extractions {path}: {e}") from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as e:
            raise EvaluationError(f"{path}:{number} is not a JSON line: {e}") from e


def _pick_seed(extractions: list[dict], source: str) -> dict:
    if len(extractions) == 1:
        return extractions[0]
    named = [e for e in extractions if SEED_NAME in str(e.get("doc_id"))]
    if len(named) != 1:
        raise EvaluationError(
            f"{source} holds {len(extractions)} extractions and {len(named)} for {SEED_NAME}; give one document"
        )
    return named[0]


def run_extraction(sources: list[Path], *, input_format: str = "auto") -> list[dict]:
    """Extract with the current pipeline (as ``tidings extract`` does), as JSON-ready dicts."""
    from ..config import load_settings
    from ..pipeline import Pipeline, clean_sources, extract_articles, read_options
    from ..records import ReadFailure

    settings = load_settings()
    items = list(clean_sources([str(s) for s in sources], read_options(settings, input_format=input_format)))
    for failure in (i for i in items if isinstance(i, ReadFailure)):
        log.warning("could not read %s: %s", failure.source, failure.reason)
    articles = [i for i in items if not isinstance(i, ReadFailure)]
    if not articles:
        raise EvaluationError(f"nothing could be read from {', '.join(map(str, sources))}")
    pipeline = Pipeline.load(settings)
    return [e.model_dump(mode="json") for e in extract_articles(pipeline, articles)]


def evaluate_seed(extractions: Path | None = None, *, source: Path | None = None, gold: Path | None = None):
    """§1 score of an extraction file, or of a fresh extraction of ``source`` (default: the seed)."""
    from .seed import score_seed

    gold_data = load_gold(gold or default_seed_gold())
    if extractions is not None:
        records, where = list(read_extractions(extractions)), str(extractions)
    else:
        path = source or default_seed_source()
        records, where = run_extraction([path]), str(path)
    if not records:
        raise EvaluationError(f"no extraction in {where}")
    return score_seed(_pick_seed(records, where), gold_data)


def evaluate_plover(data: Path | None = None, *, extractions: Path | None = None, limit: int | None = None):
    """§2 score of an extraction file, or of a fresh extraction of the TSV's sentences (first ``limit``)."""
    from .plover import plover_documents, read_plover_rows, score_plover, write_plover_jsonl

    rows = read_plover_rows(data or default_plover_data())
    if limit is not None:
        keep = {d["id"] for d in plover_documents(rows)[:limit]}
        rows = [r for r in rows if r.doc_id in keep]
    if extractions is not None:
        return score_plover(read_extractions(extractions), rows)
    with tempfile.TemporaryDirectory(prefix="tidings-plover-") as tmp:
        inputs = Path(tmp) / "plover-sentences.jsonl"
        write_plover_jsonl(rows, inputs)
        return score_plover(run_extraction([inputs], input_format="jsonl"), rows)


def evaluate_news(
    golds: Path | None = None, *, extractions: Path | None = None, min_confidence: float | None = None
):
    """§5 score of an extraction file, or of a fresh extraction of every page the golds name."""
    from .news import score_news

    folder = golds or default_news_golds()
    gold_data = load_news_golds(folder)
    if extractions is not None:
        records = list(read_extractions(extractions))
    else:
        records = run_extraction(gold_documents(gold_data, folder))
    return score_news(records, gold_data, min_confidence=min_confidence)
