"""The workbench in a real browser: Debian's chromium driven by Playwright for Python, against a real server.

Chromium is found on PATH (``make test`` installs it with apt when it can; never ``playwright install``). Without
it these tests fail, loudly, unless TIDINGS_SKIP_BROWSER=1 says to skip them on purpose.
"""

from __future__ import annotations

import io
import os
import shutil

import pytest
from conftest import REPO, TOKEN
from playwright.sync_api import TimeoutError as PlaywrightTimeout

DOCS = REPO / "docs"
BROWSER_ARGS = ["--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("TIDINGS_SKIP_BROWSER") == "1":
        pytest.skip("TIDINGS_SKIP_BROWSER=1: browser tests skipped on purpose")
    pytest.fail("chromium is not installed: the browser tests cannot run. Install Debian's chromium "
                "(`make test` does so with apt when run as root) or set TIDINGS_SKIP_BROWSER=1 to skip them")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _open_network(page, url: str | None = None) -> None:
    """Go to the network page (or stay on the one just loaded) and wait until its graph is drawn and laid out."""
    if url:
        page.goto(url)
    page.wait_for_selector("body[data-graph-ready]", timeout=30_000)
    assert page.get_attribute("body", "data-graph-ready") == "1", "the graph page fell back to a table"
    page.wait_for_selector("body[data-layout=done]", timeout=30_000)


def _graph_edges(page) -> list[dict]:
    """The edges behind the drawn links (each link holds the categories between two actors)."""
    return page.evaluate("""() => {
        const g = window.tidingsNetwork.graph;
        return g.edges().flatMap((e) => g.getEdgeAttribute(e, 'pair').edges);
    }""")


def _canvas_colours(page) -> set[tuple[int, int, int]]:
    from PIL import Image

    shot = Image.open(io.BytesIO(page.locator("#graph").screenshot())).convert("RGB")
    return {colour for _, colour in shot.getcolors(maxcolors=1 << 24)}


def test_network_draws_and_filters_by_type_and_time(page, live_server):
    _open_network(page, f"{live_server}/network?min_confidence=0")
    everything = _graph_edges(page)
    assert len(everything) >= 3
    colours = _canvas_colours(page)
    assert len(colours) > 20, "the graph canvas is blank"
    assert any(r > 150 and g < 90 and b < 90 for r, g, b in colours), "no conflict (red) edge was drawn"
    page.screenshot(path=str(DOCS / "workbench-network.png"))

    types = [e["event_type"] for e in everything]
    chosen = max(set(types), key=types.count)
    assert len(set(types)) > 1
    page.select_option("select[name=type]", chosen)
    with page.expect_navigation():
        page.click("#network-filters button[type=submit]")
    _open_network(page)
    of_type = _graph_edges(page)
    assert of_type and {e["event_type"] for e in of_type} == {chosen}

    page.goto(f"{live_server}/network?min_confidence=0")
    page.wait_for_selector("body[data-graph-ready]")
    years = page.eval_on_selector_all("#histogram .bar", "bars => bars.map(b => b.dataset.year)")
    assert len(years) >= 2
    with page.expect_navigation():
        page.locator("#window-from").fill(str(len(years) - 1))
    _open_network(page)
    assert f"since={years[-1]}" in page.url
    recent = _graph_edges(page)
    assert recent and len(recent) < len(everything)
    assert all((e["last"] or "")[:4] >= years[-1] for e in recent)


def test_edge_to_events_to_the_highlighted_sentence(page, live_server):
    _open_network(page, f"{live_server}/network?min_confidence=0")
    # The middle of a drawn edge that sigma itself picks there (its picking buffer is redrawn a frame after the
    # layout stops, so wait for it to agree), in the graph container's coordinates.
    point = page.wait_for_function("""() => {
        const {graph, renderer} = window.tidingsNetwork;
        for (const edge of graph.edges()) {
            const [s, t] = graph.extremities(edge);
            const a = renderer.getNodeDisplayData(s), b = renderer.getNodeDisplayData(t);
            const p = renderer.framedGraphToViewport({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
            if (renderer.getEdgeAtPoint(p.x, p.y) === edge) return p;
        }
        return null;
    }""", timeout=20_000).json_value()
    box = page.locator("#graph").bounding_box()
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    link = page.locator("#edge-panel a.event-link").first
    for _ in range(2):  # on a loaded machine a first click can land before sigma's hover state: click again
        page.mouse.move(x, y)  # as a user does: sigma picks the edge under the pointer, then the click opens it
        page.wait_for_timeout(300)
        page.mouse.click(x, y)
        try:
            link.wait_for(timeout=8_000)
            break
        except PlaywrightTimeout:
            continue
    link.wait_for(timeout=2_000)
    quote = link.text_content()
    link.click()
    page.wait_for_selector("#article-text mark.evidence")
    marked = "".join(page.locator("#article-text mark.evidence").all_text_contents())
    assert marked == quote
    assert page.locator("#article-text mark.trigger").count() >= 1
    assert page.locator("#article-text .mention").count() >= 1
    assert page.locator("dd.modality").text_content().strip()
    page.screenshot(path=str(DOCS / "workbench-evidence.png"), full_page=True)


def test_a_review_decision_persists_after_reload(page, live_server):
    page.goto(f"{live_server}/review#token={TOKEN}")
    first = page.locator("#review-queue tbody tr[data-event-id]").first
    event_id = first.get_attribute("data-event-id")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("x")
    page.wait_for_selector(f"tr[data-event-id='{event_id}'] td.decision:text('reject')")
    page.reload()
    assert page.locator(f"tr[data-event-id='{event_id}']").count() == 0
    page.goto(f"{live_server}/review?include_decided=true")
    assert page.locator(f"tr[data-event-id='{event_id}'] td.decision").text_content() == "reject"
    page.goto(f"{live_server}/events/{event_id}")
    assert page.locator("#review-state").text_content() == "reject"


def test_hostile_article_is_rendered_inert(page, live_server):
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server}/events/ev-hostile00000001")
    page.wait_for_selector("#article-text mark.evidence")
    page.locator("#article-text").click()
    assert page.evaluate("() => window.__xss") is None
    assert not dialogs
    assert not [u for u in requests if not u.startswith(live_server) or u.rstrip("/").endswith("/x")]
    assert page.locator("#article-text img, #article-text script, #article-text a, h2.doc-title script").count() == 0
    assert "<script>" in page.locator("h2.doc-title").text_content()
    assert "onerror=" in page.locator("#article-text").text_content()


def test_without_webgl_the_network_is_a_table(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("HTMLCanvasElement.prototype.getContext = function () { return null; };")
    page.goto(f"{live_server}/network?min_confidence=0")
    page.wait_for_selector("body[data-graph-ready]")
    assert page.get_attribute("body", "data-graph-ready") == "table"
    assert page.locator("#table-fallback tbody tr").count() >= 3
    context.close()
