"""Circulars written for these tests: a made-up city, its projects and counties.

``circular(...)`` builds the ParseResult a parser would give for one document of one circular;
the same circular as PDF and text differ only in sha256, media type and pages.
"""

from __future__ import annotations

import hashlib
from datetime import date

from schemas.circular import (
    CircularMeta,
    CountyMention,
    CountyScore,
    DocumentInfo,
    Fact,
    MissedCandidate,
    ParseReport,
    ParseResult,
    ProjectEntry,
    SourceRef,
)

PDF = "application/pdf"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CITY = "青岭市"


def sha(label: str) -> str:
    return hashlib.sha256(label.encode("utf-8")).hexdigest()


def _ref(text: str, figure: str, *, page: int | None, line: int) -> SourceRef:
    start = text.index(figure)
    return SourceRef(page=page, line=line, start=start, end=start + len(figure), text=text)


def circular(
    label: str,
    *,
    media_type: str = PDF,
    city: str | None = CITY,
    year: int | None = 2025,
    months: tuple[int, int] | None = (1, 6),
    issued: date | None = date(2025, 7, 8),
    water: float = 85.5,
    parser_version: str = "1.0.0",
    repeat_first_fact: bool = False,
) -> ParseResult:
    """One document of the 青岭市 circular on ``months`` of ``year``."""
    paged = media_type == PDF
    page = 2 if paged else None
    start, end = months if months else (None, None)
    body = f"农村供水保障工程进度{water:g}%，东湖区进度60%，未达序时进度要求。"
    table_line = f"农村供水保障工程\t进度{water:g}%"
    school = "城区学位扩容工程\t形象进度92.3%"
    canteen = "老年助餐服务点\t已完成全年目标任务"
    facts = [
        Fact(
            level="province",
            category_no=1,
            category="保障群众饮水安全",
            project_no=1,
            project="农村供水保障工程",
            metric="进度",
            value=water,
            section="attachment1",
            source=_ref(table_line, f"{water:g}%", page=page, line=4),
        ),
        Fact(
            level="province",
            category_no=1,
            category="保障群众饮水安全",
            project_no=1,
            project="农村供水保障工程",
            county="东湖区",
            metric="进度",
            value=60.0,
            status="behind_schedule",
            section="body",
            source=_ref(body, "60%", page=1 if paged else None, line=9),
        ),
        Fact(
            level="city",
            project_no=2,
            project="城区学位扩容工程",
            metric="形象进度",
            value=92.3,
            section="attachment2",
            source=_ref(school, "92.3%", page=page, line=11),
        ),
    ]
    if repeat_first_fact:
        facts.append(facts[0].model_copy())
    return ParseResult(
        document=DocumentInfo(sha256=sha(label), media_type=media_type, pages=3 if paged else None),
        meta=CircularMeta(
            city=city,
            year=year,
            period_start_month=start,
            period_end_month=end,
            issued=issued,
            issuer=f"{city or ''}民生实事工作专班办公室",
            title=f"关于全市{start}-{end}月民生实事工作推进情况的通报",
        ),
        facts=facts,
        county_mentions=[
            CountyMention(
                county="东湖区",
                level="province",
                project_no=1,
                status="未达序时",
                section="body",
                source=_ref(body, "未达序时", page=1 if paged else None, line=9),
            )
        ],
        county_scores=[
            CountyScore(
                county=county,
                metric="信息公开",
                value=value,
                unit="分",
                source=_ref(f"{county}{value:g}分", f"{value:g}分", page=page, line=20 + n),
            )
            for n, (county, value) in enumerate([("东湖区", 6.0), ("西河县", 5.5)])
        ],
        projects=[
            ProjectEntry(
                level="province",
                category_no=1,
                category="保障群众饮水安全",
                project_no=1,
                project="农村供水保障工程",
                state="reported",
                progress_text=f"进度{water:g}%",
                source=_ref(table_line, f"{water:g}%", page=page, line=4),
            ),
            ProjectEntry(
                level="city",
                project_no=3,
                project="老年助餐服务点",
                state="completed",
                progress_text="已完成全年目标任务",
                source=_ref(canteen, "已完成", page=page, line=12),
            ),
        ],
        report=ParseReport(
            lines_read=40,
            lines_with_facts=3,
            percent_lines_without_facts=[
                MissedCandidate(page=page, line=15, text="覆盖率提升至95%以上", reason="target")
            ],
            warnings=["表头在第2页重复"],
            parser_version=parser_version,
        ),
    )
