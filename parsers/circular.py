"""A whole circular: layout → meta → attachment projects → figures → facts, mentions, report."""

from __future__ import annotations

import regex

from parsers.attachments import ProjectRow, read_attachment
from parsers.body import BodyReading, body_catalogue, read_body
from parsers.counties import UnitLexicon, lexicon
from parsers.genre import read_genre
from parsers.located import LocText
from parsers.mentions import read_mentions, read_scores
from parsers.meta import read_meta
from parsers.metrics import canonical_metric
from parsers.ocr_review import review_facts
from parsers.percentages import Figure, assign_indicators, indicators_from_name, read_figures
from parsers.quantities import Made, name_targets, text_quantities
from parsers.report import build_report
from parsers.structure import layout
from schemas.circular import (
    CircularMeta,
    DocumentInfo,
    Fact,
    MissedCandidate,
    ParseResult,
    ProjectEntry,
    ProjectState,
    Quantity,
)
from schemas.extracted import ExtractedDocument

# a project row that says it is tracked with another list: "此指标纳入省定重点民生实事统一调度"
TRACKED_ELSEWHERE = regex.compile(r"纳入[^。]{0,20}(?:统一)?调度|纳入省定|见省定|同省定")
# a project row that says the year's work is done: "已完成全年目标任务", "已全部完成…"
COMPLETED = regex.compile(
    r"已(?:全部|提前)?完成(?:全年|年度)?(?:目标)?任务|已全部完成|已全面完成|已完成全部"
)


def _fact(row: ProjectRow, fig: Figure, county: str | None, section: str, text: LocText) -> Fact:
    return Fact(
        level=row.level,
        category_no=row.category_no,
        category=row.category,
        project_no=row.project_no,
        project=row.project,
        indicator=fig.indicator,
        county=county,
        metric=fig.metric,
        value=fig.value,
        status="behind_schedule" if fig.behind else None,
        section=section,  # type: ignore[arg-type]
        source=text.ref(fig.start, fig.end),
    )


def _missed(text: LocText, fig: Figure, reason: str) -> MissedCandidate:
    page, line = text.at(fig.start)
    return MissedCandidate(page=page, line=line, text=text.text, reason=reason)


def parse_extracted(doc: ExtractedDocument, version: str) -> ParseResult:
    lay = layout(doc)
    meta = read_meta(lay.body)
    units = lexicon(meta.city)
    warnings = list(doc.warnings)
    facts: list[Fact] = []
    missed: list[MissedCandidate] = []
    projects: list[ProjectEntry] = []
    rows: list[ProjectRow] = []
    row_figures: list[tuple[ProjectRow, list[tuple[Figure, LocText]]]] = []
    for ordinal, att in enumerate(lay.attachments, start=1):
        for row in read_attachment(att, ordinal, warnings):
            rows.append(row)
            row_figures.append((row, _row_figures(row, units)))
    section_of = {"province": "attachment1", "city": "attachment2"}
    quantities: list[Quantity] = []
    for row, figures in row_figures:
        count = 0
        made: list[Made] = []
        for fig, text in figures:
            if fig.reason:
                missed.append(_missed(text, fig, fig.reason))
                continue
            made.append((text, fig.start, fig.end, len(fig.counties), []))
            for county in fig.counties or [None]:
                made[-1][4].append(_fact(row, fig, county, section_of[row.level], text))
                count += 1
            facts += made[-1][4]
        projects.append(_entry(row, count))
        row_facts = [f for item in made for f in item[4]]
        quantities += name_targets(row.name_cell, row_facts) + text_quantities(made)
    # no attachment tables: the body's numbered paragraphs are the projects
    catalogue = [] if rows else body_catalogue(lay.body)
    reading = read_body(lay.body, rows or catalogue, units)
    body_made: list[Made] = []
    body_facts = _body_facts(reading, missed, body_made)
    quantities += text_quantities(body_made)
    for row in catalogue:
        count = sum(1 for f in body_facts if (f.level, f.project_no) == (row.level, row.project_no))
        projects.append(_entry(row, count))
    _propagate_behind(facts, body_facts, reading)
    _share_indicators(facts, body_facts)
    facts = body_facts + facts
    mentions = read_mentions(lay.body, reading, rows, units)
    genre = None
    if not rows:
        # no attachment table: read the document as the genre too, and keep that reading where
        # it finds more figures than the numbered paragraphs gave ("一、…" in a news report)
        genre = read_genre(doc)
        if facts and len(genre.facts) <= len(facts):
            genre = None
    if genre is not None:
        meta = _merge_meta(meta, genre.meta)
        facts = genre.facts
        quantities = genre.quantities
        missed = genre.missed
        projects = []
        mentions = genre.mentions
    result = ParseResult(
        document=DocumentInfo(sha256=doc.sha256, media_type=doc.media_type, pages=doc.pages),
        meta=meta,
        facts=facts,
        county_mentions=mentions,
        county_scores=read_scores(lay.body, units),
        projects=projects,
        quantities=quantities,
    )
    doubts = {(r.level, r.project_no, r.project): r.number_doubt for r in rows if r.number_doubt}
    review_facts(result.facts, doc, doubts)
    flagged = sum(f.needs_review for f in result.facts)
    if flagged:
        warnings.append(f"{flagged} figures read by OCR need review before they count")
    result.report = build_report(doc, result, missed, warnings, version)
    return result


def _merge_meta(meta: CircularMeta, genre: CircularMeta) -> CircularMeta:
    """The genre reader's meta, and the numbered reader's where the genre reader found none."""
    merged = genre.model_copy()
    for name, value in meta:
        if getattr(merged, name) is None and value is not None:
            setattr(merged, name, value)
    if genre.period_end_month is None:  # a period is both months from one reader
        merged.period_start_month = meta.period_start_month
        merged.period_end_month = meta.period_end_month
    # each value's source, from the reader it was taken from
    sources = {k: v for k, v in genre.sources.items() if k not in _SOURCE_OF}
    for key, attr in _SOURCE_OF.items():
        reader = genre if getattr(genre, attr) is not None else meta
        if key in reader.sources:
            sources[key] = reader.sources[key]
    merged.sources = sources
    return merged


# the key of ``CircularMeta.sources`` → the field whose value it tells the source of
_SOURCE_OF = {"place": "city", "year": "year", "period": "period_end_month", "issued": "issued"}


def _row_figures(row: ProjectRow, units: UnitLexicon) -> list[tuple[Figure, LocText]]:
    """The figures of a row's progress text, then those of its figure columns ("完成率")."""
    out: list[tuple[Figure, LocText]] = []
    if not row.merged_progress:
        figures = read_figures(row.progress.text, units)
        assign_indicators(row.progress.text, figures, units)
        indicators_from_name(row.project, row.progress.text, figures)
        out += [(fig, row.progress) for fig in figures]
    for header, cell in row.metric_cells:
        for fig in read_figures(cell.text, units):
            if not fig.label:  # a bare "85.2%": the column names the metric
                fig.label, fig.metric = header, canonical_metric(header)
            out.append((fig, cell))
    return out


def _entry(row: ProjectRow, fact_count: int) -> ProjectEntry:
    text = row.progress.text
    state: ProjectState
    if fact_count:
        state = "reported"
    elif TRACKED_ELSEWHERE.search(text):
        state = "tracked_elsewhere"
    elif COMPLETED.search(text):
        state = "completed"
    else:
        state = "no_figure"
    where = row.name_cell if row.name_cell else row.progress
    return ProjectEntry(
        level=row.level,
        category_no=row.category_no,
        category=row.category,
        project_no=row.project_no,
        project=row.project,
        state=state,
        progress_text=text,
        source=where.ref(0, len(where.text)) if where else None,
    )


def _body_facts(
    reading: BodyReading, missed: list[MissedCandidate], made: list[Made]
) -> list[Fact]:
    facts: list[Fact] = []
    for item in reading.figures:
        fig = item.figure
        reason = fig.reason
        if reason is None and item.highlight:
            reason = "highlight section, not this period's progress"
        if reason is None and item.row is None:
            reason = "not tied to a project"
        if reason:
            missed.append(_missed(item.sentence, fig, reason))
            continue
        assert item.row is not None
        made.append((item.sentence, fig.start, fig.end, len(fig.counties), []))
        for county in fig.counties or [None]:
            made[-1][4].append(_fact(item.row, fig, county, "body", item.sentence))
        facts += made[-1][4]
    return facts


def _share_indicators(facts: list[Fact], body_facts: list[Fact]) -> None:
    """A body figure that repeats one attachment figure (same project, unit and value) about
    one indicator is about that indicator: "溆浦县新增蓄水能力完成率为18.6%"."""
    by_unit: dict[tuple, set[str | None]] = {}
    for f in facts:
        by_unit.setdefault((f.level, f.project_no, f.county, f.value), set()).add(f.indicator)
    for fact in body_facts:
        found = by_unit.get((fact.level, fact.project_no, fact.county, fact.value), set())
        if fact.indicator is None and len(found) == 1:
            fact.indicator = next(iter(found))


def _propagate_behind(facts: list[Fact], body_facts: list[Fact], reading: BodyReading) -> None:
    """A unit the body or an attachment says is behind schedule is behind in both."""
    behind = {(m.level, m.project_no, m.county) for m in reading.markers}
    behind |= {(f.level, f.project_no, f.county) for f in facts + body_facts if f.status}
    for fact in facts + body_facts:
        if (fact.level, fact.project_no, fact.county) in behind:
            fact.status = "behind_schedule"
