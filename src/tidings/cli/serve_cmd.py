"""``tidings serve``: the REST API and the browser workbench over one store."""

from __future__ import annotations

import typer

from .output import err_console
from .query_cmd import DB

__all__ = ["register", "serve"]


def serve(
    db: str | None = DB,
    host: str | None = typer.Option(None, "--host", help="Address to bind [default: 127.0.0.1, this machine only]."),
    port: int | None = typer.Option(None, "--port", min=0, max=65535, help="Port [default: 8000]."),
) -> None:
    """Serve the JSON API (/api/, docs at /docs) and the browser UI until Ctrl-C.

    Reading needs nothing; every write (review, actor changes, ingest) needs the API token, made on the first
    start, printed once and kept in a file only you can read. Binding to another address than this machine's
    needs a token set up beforehand (TIDINGS_API_TOKEN or an existing token file).
    """
    import uvicorn

    import tidings.api

    from ..config import load_settings
    from ..web.app import create_app
    from ..web.security import check_bind, load_or_create_token

    settings = load_settings(db_url=db, serve_host=host, serve_port=port)
    check_bind(settings.serve_host, settings)
    token = load_or_create_token(settings)
    workspace = tidings.api.open(settings.db_url)
    app = create_app(workspace, settings=settings, token=token.value)
    address = f"http://{_url_host(settings.serve_host)}:{settings.serve_port}"
    err_console.print(f"tidings workbench on {address}  (database {workspace.store.url}; Ctrl-C stops it)",
                      highlight=False)
    if token.created:
        err_console.print(f"API token for writes (shown once, kept in {token.path}, mode 600): {token.value}\n"
                          f"open {address}/#token={token.value} to enable review in this browser", highlight=False)
    elif token.path is not None:
        err_console.print(f"writes need the API token kept in {token.path}", highlight=False)
    try:
        uvicorn.run(app, host=settings.serve_host, port=settings.serve_port, log_level="warning")
    finally:
        workspace.close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
