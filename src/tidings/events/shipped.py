"""Loading the small learned models the package ships (a joblib file plus a JSON metadata file)."""

from __future__ import annotations

import json
import logging
import pickle
from pathlib import Path
from typing import Any

from ..errors import ModelNotFoundError

__all__ = ["MODELS_DIR", "load_shipped_model"]

MODELS_DIR = Path(__file__).resolve().parent / "models"

log = logging.getLogger(__name__)


def load_shipped_model(path: Path, meta_path: Path, *, what: str, retrain: str) -> tuple[Any, dict] | None:
    """``(model, metadata)``, or None when the files are missing.

    A model pickled by another scikit-learn version may load and then predict wrongly, so a version
    mismatch is an error naming the script (``retrain``) that rebuilds it.
    """
    if not path.is_file() or not meta_path.is_file():
        log.info("no %s at %s", what, path)
        return None
    meta = _read_meta(meta_path, what)
    _check_version(meta, path, what, retrain)
    import joblib

    try:
        return joblib.load(path), meta
    except (OSError, EOFError, ValueError, KeyError, AttributeError, ImportError, pickle.UnpicklingError) as e:
        raise ModelNotFoundError(f"{what} {path} cannot be loaded: {e}") from e


def _read_meta(path: Path, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelNotFoundError(f"{what} metadata {path} is unreadable: {e}") from e


def _check_version(meta: dict, path: Path, what: str, retrain: str) -> None:
    import sklearn

    if meta.get("sklearn_version") != sklearn.__version__:
        raise ModelNotFoundError(
            f"{what} {path} was trained with scikit-learn {meta.get('sklearn_version')} but "
            f"{sklearn.__version__} is installed; retrain it with {retrain}"
        )
