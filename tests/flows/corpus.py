"""Circulars for the flow tests: a generated city-year from ``synth``, written as text (and,
for one month, also as a PDF: the same circular twice), and a circular set in a portal page."""

from __future__ import annotations

import html
from pathlib import Path

import synth

CITY = "衡阳市"


def write_months(folder: Path, months: list[int], *, pdf_twin: bool = False) -> list[Path]:
    """One text circular per month; with ``pdf_twin`` the middle month also as a PDF.

    Returns the circulars written (``synth`` also writes ground-truth JSON beside them)."""
    corpus = synth.generate_year(CITY, 2024, seed=11, months=months)
    written = synth.write_year(corpus, folder, formats="txt:utf-8", duplicates=pdf_twin)
    return [p for p in written if p.suffix in (".txt", ".pdf")]


def portal_page(text: str, *, published: str, source: str) -> str:
    """A text circular set in an article page of a government portal: header navigation,
    breadcrumb, title, publish line ("发布时间：… 来源：…"), the circular in a TRS_Editor body
    (a paragraph per line, a table per run of tab-separated lines), share widget, related
    links and footer."""
    lines = [line for line in text.splitlines() if line.strip()]
    title = next((line for line in lines if line.startswith("关于")), lines[0])
    body: list[str] = []
    rows: list[list[str]] = []

    def table() -> None:
        if rows:
            cells = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in rows
            )
            body.append(f'<table border="1"><tbody>{cells}</tbody></table>')
            rows.clear()

    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        table()
        body.append(f"<p>{html.escape(line)}</p>")
    table()
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{html.escape(title)}_通知公告_市人民政府</title></head><body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<h1 class="article-title">{html.escape(title)}</h1>
<div class="article-info">发布时间：{published}　来源：{html.escape(source)}　浏览次数：88</div>
<div class="TRS_Editor">{"".join(body)}</div>
<div class="share">分享到：<a href="#">微信</a></div>
<div class="related"><a href="/zwgk/tzgg/old.html">关于上一期民生实事推进情况的通报</a></div>
<div class="footer">版权所有：市人民政府办公室</div>
</body></html>"""
