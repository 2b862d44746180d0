"""Counties singled out with a status (未达序时, 清零到位, 完成较差 …) and county scores (分)."""

from __future__ import annotations

import regex

from parsers.attachments import ProjectRow
from parsers.body import BodyReading, ProjectIndex
from parsers.counties import UnitLexicon
from parsers.located import LocText
from parsers.paragraphs import sentences
from parsers.percentages import BEHIND, PERCENT
from schemas.circular import CountyMention, CountyScore, Level, Section

# a score after a county: "隆回县（5.4783 分）", "北塔区(3分)"
SCORE = regex.compile(r"\s*[（(]\s*(?P<value>\d+(?:\.\d+)?)\s*分\s*[）)]")
# the full score: "分值为6分", "满分6分", "满分为 6 分"
FULL_SCORE = regex.compile(r"(?:分值为|满分为?|总分为?)(?P<value>\d+(?:\.\d+)?)分")
# "已得满分", "得满分", "获满分"
GOT_FULL = regex.compile(r"[得获]满分")
# what a score measures: "信息公开指标方面", "信息公开指标分值"
SCORE_METRIC = regex.compile(r"(?P<metric>[\p{Han}]{2,10}?)指标(?P<kind>方面|分值|得分)")
# what may join the units of a list: "、", "和", "及", a score in brackets
UNIT_JOINT = regex.compile(r"^(?:[、和及与]|[（(][^（）()]{0,12}[）)][、和及与]?)$")
# what starts a status after a unit: "已完成…", "未达序时", "正在全面建设", "暂未形成…"
STATUS_START = regex.compile(r"已|未|正在|暂|均|尚|还|基本|全面|完成")
# a time that may stand before a status: "9月", "9月底", "目前"
LEADING_TIME = regex.compile(r"^(?:\d{1,2}月(?:底|份|中旬|上旬|下旬)?|目前|当前|截至目前)")
STATUS_END = regex.compile(r"[，,；;。]")
HIGHLIGHT_STATUS = "特色亮点"
SHORT_STATUS = 6


def _unit_lists(text: str, units: UnitLexicon) -> list[tuple[list[tuple[int, int, str]], int]]:
    """Runs of units joined by "、" (or scores): each with where the list ends."""
    hits = units.find(text)
    groups: list[tuple[list[tuple[int, int, str]], int]] = []
    for hit in hits:
        item = (hit.start, hit.end, hit.name)
        if groups:
            members, end = groups[-1]
            if UNIT_JOINT.match(text[end : hit.start]):
                members.append(item)
                groups[-1] = (members, hit.end)
                continue
        groups.append(([item], hit.end))
    out = []
    for members, end in groups:
        score = SCORE.match(text, end)
        out.append((members, score.end() if score else end))
    return out


def _status_after(text: str, end: int) -> str | None:
    stop = STATUS_END.search(text, end)
    clause = text[end : stop.start() if stop else len(text)]
    behind = BEHIND.search(clause)
    if behind:
        return behind.group(0)
    clause = LEADING_TIME.sub("", clause)
    if PERCENT.search(clause) or not clause:
        return None
    m = STATUS_START.search(clause)
    if m:
        status = clause[m.start() :]
    elif len(clause) <= SHORT_STATUS:  # a terse status of its own: "重新挂网", "省局终验"
        status = clause
    else:
        return None
    return status if 2 <= len(status) <= 30 else None


def _mentions_in(
    text: LocText,
    units: UnitLexicon,
    section: Section,
    level: Level | None,
    project_no: int | None,
) -> list[CountyMention]:
    out: list[CountyMention] = []
    for members, end in _unit_lists(text.text, units):
        status = _status_after(text.text, end)
        if status is None:
            continue
        for start, stop, name in members:
            out.append(
                CountyMention(
                    county=name,
                    level=level,
                    project_no=project_no,
                    status=status,
                    section=section,
                    source=text.ref(start, stop),
                )
            )
    return out


def _highlights(para: LocText, units: UnitLexicon, index: ProjectIndex) -> list[CountyMention]:
    """A county that opens a sentence of a highlights section, with the project its story
    (up to the next such county) names, if it names one."""
    starts: list[tuple[int, int, str]] = []
    for offset, sentence in sentences(para):
        hits = units.find(sentence.text)
        if hits and hits[0].start == 0:
            starts.append((offset, offset + hits[0].end, hits[0].name))
    out = []
    for i, (start, end, county) in enumerate(starts):
        story_end = starts[i + 1][0] if i + 1 < len(starts) else len(para.text)
        row = index.by_text(para.text[end:story_end])
        out.append(
            CountyMention(
                county=county,
                level=row.level if row else None,
                project_no=row.project_no if row else None,
                status=HIGHLIGHT_STATUS,
                section="body",
                source=para.ref(start, end),
            )
        )
    return out


def read_mentions(
    body: list[LocText],
    reading: BodyReading,
    rows: list[ProjectRow],
    units: UnitLexicon,
) -> list[CountyMention]:
    out: list[CountyMention] = []
    marked = {marker.sentence.text for marker in reading.markers}
    for marker in reading.markers:
        if marker.county:
            out.append(
                CountyMention(
                    county=marker.county,
                    level=marker.level,  # type: ignore[arg-type]
                    project_no=marker.project_no,
                    status=marker.sentence.text[marker.start : marker.end],
                    section="body",
                    source=marker.sentence.ref(marker.start, marker.end),
                )
            )
    for item in reading.figures:
        fig = item.figure
        if item.row is None or item.highlight or not fig.behind or fig.reason:
            continue
        status = BEHIND.search(item.sentence.text)
        for county in fig.counties:
            out.append(
                CountyMention(
                    county=county,
                    level=item.row.level,
                    project_no=item.row.project_no,
                    status=status.group(0) if status else "未达序时",
                    section="body",
                    source=item.sentence.ref(fig.start, fig.end),
                )
            )
    index = ProjectIndex(rows)
    for para, highlight in reading.sections:
        if highlight:
            out.extend(_highlights(para, units, index))
            continue
        for _, sentence in sentences(para):
            if not PERCENT.search(sentence.text) and sentence.text not in marked:
                out.extend(_mentions_in(sentence, units, "body", None, None))
    for row in rows:
        if row.merged_progress:
            continue
        section: Section = "attachment1" if row.level == "province" else "attachment2"
        out.extend(_mentions_in(row.progress, units, section, row.level, row.project_no))
    return out


def read_scores(body: list[LocText], units: UnitLexicon) -> list[CountyScore]:
    """ "隆回县（5.4783分）" and "洞口县、邵阳县…已得满分" (with the full score stated nearby)."""
    out: list[CountyScore] = []
    for para in body:
        text = para.text
        if "分" not in text:
            continue
        full = FULL_SCORE.search(text)
        metrics = [
            (m.group("kind") != "方面", -m.start(), m.group("metric"))
            for m in SCORE_METRIC.finditer(text)
        ]
        for members, end in _unit_lists(text, units):
            # what is scored: the nearest "…指标方面" before the list (else "…指标分值")
            before = sorted(m for m in metrics if -m[1] < members[0][0])
            metric = before[0][2] if before else "得分"
            for _, stop, name in members:
                score = SCORE.match(text, stop)
                if score:
                    value = float(score.group("value"))
                    out.append(
                        CountyScore(
                            county=name,
                            metric=metric,
                            value=value,
                            unit="分",
                            source=para.ref(score.start("value"), score.end("value") + 1),
                        )
                    )
            if full and not any(SCORE.match(text, s) for _, s, _ in members):
                clause_end = STATUS_END.search(text, end)
                clause = text[end : clause_end.end() if clause_end else len(text)]
                nxt = text[clause_end.end() : clause_end.end() + 8] if clause_end else ""
                if GOT_FULL.search(clause) or GOT_FULL.search(nxt[:6]):
                    for start, stop, name in members:
                        out.append(
                            CountyScore(
                                county=name,
                                metric=metric,
                                value=float(full.group("value")),
                                unit="分",
                                source=para.ref(start, stop),
                            )
                        )
    return out
