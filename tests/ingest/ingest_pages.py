"""Small realistic documents the reader tests write to disk or serve (our own wording)."""

from __future__ import annotations

ARTICLE_PARAGRAPHS = [
    "Security forces in the northern province said on Tuesday that gunmen had attacked a police checkpoint "
    "near the border crossing, killing three officers and wounding at least five others.",
    "A spokesman for the provincial governor told reporters that the attackers fled toward the hills after "
    "the gun battle, which lasted for more than an hour before reinforcements arrived from the capital.",
    "No group has claimed responsibility for the attack, but officials blamed a local militia that has "
    "carried out similar raids on government posts in the region over the past year.",
]

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Gunmen attack border checkpoint | The Northern Ledger</title>
<meta name="author" content="Amina Farouk">
<meta property="og:site_name" content="The Northern Ledger">
<meta property="article:published_time" content="2025-03-04T08:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Gunmen attack border checkpoint</h1>
{paragraphs}
</article>
<footer><p>Copyright 2025 The Northern Ledger. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
""".replace("{paragraphs}", "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS))

SCRAPED_TEXT = "\n".join(
    [
        "Skip to content",
        "March 4, 2025",
        "Subscribe to our newsletter",
        "",
        "Gunmen Attack Border Checkpoint, Killing Three Officers",
        "",
        *[p + "\n" for p in ARTICLE_PARAGRAPHS],
        "By Amina Farouk/The Northern Ledger",
        "",
        "Share this article",
        "Related Stories",
    ]
)


def rss(items: list[dict[str, str]]) -> str:
    """An RSS 2.0 document; each item dict may hold title, link, date, content, summary."""
    rows = []
    for item in items:
        parts = [f"<title>{item.get('title', 'Untitled')}</title>"]
        if "link" in item:
            parts.append(f"<link>{item['link']}</link>")
        if "date" in item:
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if "summary" in item:
            parts.append(f"<description>{item['summary']}</description>")
        if "content" in item:
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        rows.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>The Northern Ledger</title><link>https://ledger.example/</link><description>News</description>"
        + "".join(rows)
        + "</channel></rss>"
    )


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)
