"""The REST API and the browser workbench of ``tidings serve`` (FastAPI, Jinja2, a bundled sigma.js page)."""

from .app import create_app

__all__ = ["create_app"]
