"""Small progress circulars written for the flow tests: a fictional city, invented projects.

``write_circular`` produces one month's circular as text (the way text is extracted from such a
circular: a header, body paragraphs, an attachment table with tab-separated cells);
``write_pdf`` lays the same text out as a PDF with reportlab.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

CITY = "云岭市"
ISSUER = "云岭市民生实事工作专班办公室"

# (category no, category, project no, project, yearly base progress per month)
PROJECTS = [
    (1, "办好人民满意教育", 1, "新建城区公办幼儿园", 8.1),
    (1, "办好人民满意教育", 2, "改造农村学校运动场", 7.6),
    (2, "提升医疗服务能力", 3, "建设村卫生室标准化诊室", 8.4),
    (3, "改善群众出行条件", 4, "实施农村公路安全防护工程", 7.9),
]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def progress(project_no: int, month: int) -> float:
    base = PROJECTS[project_no - 1][4]
    return round(min(100.0, base * month + project_no * 0.37), 2)


def circular_text(year: int, month: int) -> str:
    issued = date(year + (month == 12), month % 12 + 1, 8)
    rows = []
    previous_category = None
    for category_no, category, number, name, _ in PROJECTS:
        first = category_no != previous_category
        previous_category = category_no
        value = progress(number, month)
        cells = [
            str(category_no) if first else "",
            category if first else "",
            f"{CIRCLED[number - 1]}{name}",
            f"截至{month}月底，全市累计推进该项工作，总体进度为{value}%。",
        ]
        rows.append("\t".join(cells))
    table = "\n".join(rows)
    return f"""
{ISSUER}

关于全市1-{month}月重点民生实事工作推进情况的通报

各县市区民生实事专班：

截至{month}月底，{CITY}各项重点民生实事按计划推进，现将进展通报如下。

一、总体进展

全市省定重点民生实事{len(PROJECTS)}个项目均在推进之中，详见附件1。

二、下步安排

各地要对照年度任务，倒排工期，确保按时完成。

附件：1. 全市1-{month}月重点民生实事工作进度表

{ISSUER}

{issued.year}年{issued.month}月{issued.day}日

附件1

全市1-{month}月重点民生实事工作进度表（省定重点民生实事）

序号\t实事名称\t项目名称\t进展情况
{table}
"""


def write_circular(folder: Path, year: int, month: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{CITY}-{year}-{month:02d}.txt"
    path.write_text(circular_text(year, month), encoding="utf-8")
    return path


def write_year(folder: Path, year: int = 2024, months: range = range(1, 13)) -> list[Path]:
    return [write_circular(folder, year, month) for month in months]


def write_pdf(path: Path, text: str) -> Path:
    """The text laid out on A4 pages in a CJK font (reportlab's built-in STSong-Light)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    y = height - 60
    for line in text.splitlines():
        x = 50
        for cell in line.split("\t"):
            page.setFont("STSong-Light", 10)
            page.drawString(x, y, cell)
            x += max(60, pdfmetrics.stringWidth(cell, "STSong-Light", 10) + 12)
        y -= 16
        if y < 60:
            page.showPage()
            y = height - 60
    page.save()
    return path
