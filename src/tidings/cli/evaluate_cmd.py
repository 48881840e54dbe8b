"""``tidings evaluate seed|plover``: score extractions exactly as ../shared/design/EVALUATION.md §1/§2 say."""

from __future__ import annotations

from pathlib import Path

import typer

from ..evaluate import evaluate_news, evaluate_plover, evaluate_seed
from .output import OutputFormat, emit_json, emit_rows

__all__ = ["register", "seed", "plover", "news"]

evaluate_app = typer.Typer(
    help="Score extractions against gold data (EVALUATION.md §1, §2 and §5).", no_args_is_help=True
)


def _figure(value) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@evaluate_app.command("seed")
def seed(
    extractions: Path | None = typer.Argument(
        None, help="JSONL from `tidings extract --format jsonl` (default: extract --source now)."
    ),
    source: Path | None = typer.Option(None, "--source", help="Article to extract (default: ../shared/seed/...)."),
    gold: Path | None = typer.Option(None, "--gold", help="Gold file (default: ../shared/gold/...gold.json)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """Score the seed article's extraction against its gold: recall, precision, attribute accuracy (§1)."""
    score = evaluate_seed(extractions, source=source, gold=gold)
    if fmt is OutputFormat.json:
        emit_json(score.model_dump(mode="json"))
        return
    rows = [{"figure": k, "value": _figure(v)} for k, v in score.summary().items()]
    rows.append({"figure": "missed_core", "value": ", ".join(score.missed_core)})
    rows.append({"figure": "matched_optional", "value": ", ".join(score.matched_optional)})
    rows.extend({"figure": f"{name}_wrong", "value": ", ".join(a.wrong)} for name, a in score.attributes.items()
                if a.wrong)
    rows.extend({"figure": "must_not_be", "value": v} for v in score.must_not_be_violations)
    rows.extend({"figure": "text_info_violation", "value": f"{v.event_id}: {v.reason}"}
                for v in score.text_info_violations)
    emit_rows(rows, fmt, columns=["figure", "value"], title="Seed article (EVALUATION.md §1)")


@evaluate_app.command("plover")
def plover(
    data: Path | None = typer.Option(None, "--data", help="PLOVER TSV (default: ../shared/data/.../plover-train.tsv)."),
    extractions: Path | None = typer.Option(
        None, "--extractions", help="JSONL from `tidings extract` over the sentences (default: extract them now)."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Score only the first N distinct sentences."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """Score extractions of the PLOVER sentences: pair coverage, accuracy, macro-F1, per category (§2)."""
    score = evaluate_plover(data, extractions=extractions, limit=limit)
    if fmt is OutputFormat.json:
        emit_json(score.model_dump(mode="json"))
        return
    head = {"rows": score.rows, "left_out_rows": score.left_out_rows, "documents": score.documents,
            "coverage": score.coverage, "accuracy": score.accuracy, "macro_f1": score.macro_f1}
    emit_rows([{"figure": k, "value": _figure(v)} for k, v in head.items()], fmt, columns=["figure", "value"],
              title="PLOVER sentences (EVALUATION.md §2)")
    per_category = [{"category": c, **{k: _figure(v) for k, v in s.model_dump().items()}}
                    for c, s in score.per_category.items()]
    emit_rows(per_category, fmt, columns=["category", "precision", "recall", "f1", "support", "predicted"])
    emit_rows([{"gold": g, "predicted": p, "rows": n} for g, p, n in score.top_confusions], fmt,
              title="Most frequent confusions")


@evaluate_app.command("news")
def news(
    golds: Path | None = typer.Argument(None, help="Folder of *.gold.json (default: ../shared/gold/news/)."),
    extractions: Path | None = typer.Option(
        None, "--extractions", help="JSONL from `tidings extract` over the pages (default: extract them now)."
    ),
    min_confidence: float | None = typer.Option(
        None, "--min-confidence", min=0.0, max=1.0,
        help="Leave out events below this confidence first (default: the calibrated threshold, as extract does)."
    ),
    errors: bool = typer.Option(True, "--errors/--no-errors", help="List false positives and missed core events."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """Score real news pages against their golds: micro-averaged recall, precision, per page, by threshold (§5)."""
    from ..events.calibrate import min_confidence_or_default

    score = evaluate_news(golds, extractions=extractions, min_confidence=min_confidence_or_default(min_confidence))
    if fmt is OutputFormat.json:
        emit_json(score.model_dump(mode="json"))
        return
    head = {"min_confidence": score.min_confidence, "pages": len(score.pages), "recall": score.recall,
            "precision": score.precision, "f1": score.f1,
            "core_events": score.core_events, "predicted_events": score.predicted_events,
            "actors_found": f"{score.actors_found}/{score.actors_wanted}",
            "unmatched_per_page_without_core": score.unmatched_per_page_without_core}
    head.update({f"{name}_accuracy": f"{_figure(a.accuracy)} ({a.correct}/{a.total})"
                 for name, a in score.attributes.items()})
    emit_rows([{"figure": k, "value": _figure(v)} for k, v in head.items()], fmt, columns=["figure", "value"],
              title="Real news pages (EVALUATION.md §5)")
    emit_rows([{"page": p.page, "core": p.core_events, "predicted": p.predicted_events,
                "matched_core": p.matched_core, "matched": p.matched_any, "actors": p.must_find}
               for p in score.pages], fmt, title="Per page")
    emit_rows([{k: _figure(v) for k, v in t.model_dump().items()} for t in score.thresholds], fmt,
              title="By confidence threshold")
    if errors:
        emit_rows([{"page": f.page, "type": f.event_type, "actor": "; ".join(f.actor),
                    "recipient": "; ".join(f.recipient), "conf": _figure(f.confidence), "sentence": f.sentence}
                   for f in score.false_positives], fmt, title="False positives")
        emit_rows([{"page": m.page, "gold": m.gold_id, "types": " ".join(m.types), "cue": m.cue}
                   for m in score.missed_core], fmt, title="Missed core events")


def register(app: typer.Typer) -> None:
    """Add ``tidings evaluate`` and its subcommands to the root app."""
    app.add_typer(evaluate_app, name="evaluate")
