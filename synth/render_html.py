"""A circular as a government portal publishes it: an article page around the circular's text.

The page has what such portals put around an article — a header with the site's navigation, a
breadcrumb, the title, a publish line ("发布时间：2024-05-10　来源：…　浏览次数：88"), the
circular in a ``TRS_Editor`` body (one paragraph per line of the text, one table per run of
tab-separated lines), a share widget, related links and a footer — so that reading the page
gives back the text's lines after the title and the publish line.
"""

from __future__ import annotations

import html


def _table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<table border="1" cellspacing="0"><tbody>{cells}</tbody></table>'


def render_html(text: str, *, published: str, source: str) -> str:
    """The article page of a text circular; ``published`` as the portal prints it
    ("2024-05-10"), ``source`` the office named on the publish line."""
    lines = [line for line in text.splitlines() if line.strip()]
    title = next((line for line in lines if line.startswith("关于")), lines[0] if lines else "")
    body: list[str] = []
    rows: list[list[str]] = []
    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            body.append(_table(rows))
            rows = []
        body.append(f"<p>{html.escape(line)}</p>")
    if rows:
        body.append(_table(rows))
    name = html.escape(title)
    content = "\n".join(body)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{name}_通知公告_市人民政府</title></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<h1 class="article-title">{name}</h1>
<div class="article-info">发布时间：{published}　来源：{html.escape(source)}　浏览次数：88</div>
<div class="TRS_Editor">
{content}
</div>
<div class="share">分享到：<a href="#">微信</a></div>
<div class="related"><a href="/zwgk/tzgg/old.html">关于上一期民生实事推进情况的通报</a></div>
<div class="footer">版权所有：市人民政府办公室</div>
</body></html>
"""
