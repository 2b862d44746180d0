"""The body of a circular: figures and statuses tied to the projects of the attachments.

A body sentence is tied to a project by a quoted name (“…”) or by the longest run of
characters it shares with a project name, else to the project its paragraph's numbered title
names ("（二）农村供水保障。完成投资…"); a county or the city's own level in the same clause
makes the figure that unit's. Sections on highlights (特色亮点, 典型经验) hold no progress.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import regex

from parsers.attachments import ProjectRow
from parsers.counties import UnitLexicon
from parsers.located import LocText
from parsers.numbering import chinese_int
from parsers.paragraphs import sentences
from parsers.percentages import BEHIND, Figure, assign_indicators, read_figures
from parsers.structure import level_hint

# a top-level heading of the body: "三、特色亮点", "四、存在问题"
TOP_HEADING = regex.compile(r"^[一二三四五六七八九十]{1,3}、")
# sections that tell stories, not this period's progress: "三、特色亮点", "二、典型经验"
HIGHLIGHTS = regex.compile(r"特色亮点|亮点|典型经验|经验做法|典型做法|好的做法")
# a quoted name: "“化解超期安置3200户”"
QUOTED = regex.compile(r"“(?P<name>[^“”]{2,40})”")
# everything a status clause may say of several units at once: "两者…均未达序时"
PLURAL = regex.compile(r"两者|二者|均|都|全部|皆")
# characters that say nothing about which project is meant
GENERIC_NAME = regex.compile(
    r"建设|工程|项目|实施|推进|工作|提升|改造|行动|服务|\d+|[“”\"‘’（）()、，]"
)
CLAUSE = regex.compile(r"[，,；;。：:]")
# a quoted part of a quoted project: "“某工程”中的“某指标”"
PART_OF = regex.compile(r"”\s*(?:中的|中|的)\s*“")
# a paragraph led by a short numbered title that names its subject: "（二）农村供水保障。",
# "一是老旧小区改造：", "2. 背街小巷改造。"
LEAD = regex.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}是|\d{1,2}[.、])"
    r"\s*(?P<lead>[^，,。；;：:]{2,24})[。：:]"
)
# a numbered paragraph reporting one project: "1.新建公办幼儿园。全市…", "（二）背街小巷提质。"
NUMBERED_PROJECT = regex.compile(
    r"^(?:(?P<no>\d{1,2})[.、．]|[（(](?P<no>[一二三四五六七八九十]{1,3}|\d{1,2})[）)])\s*"
    r"(?P<name>[^，,。；;：:%\d]{2,20})[。：:]"
)

MIN_SHARED = 4
MIN_SHARE = 0.45


@dataclass(slots=True)
class BodyFigure:
    figure: Figure
    sentence: LocText
    row: ProjectRow | None
    highlight: bool


@dataclass(slots=True)
class Marker:
    """A body statement that a project (or a unit of it) is behind schedule."""

    level: str
    project_no: int
    county: str | None
    sentence: LocText
    start: int
    end: int


@dataclass(slots=True)
class BodyReading:
    figures: list[BodyFigure] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    sections: list[tuple[LocText, bool]] = field(default_factory=list)


def _compact_name(name: str) -> str:
    return "".join(name.split())


def _runs(text: str) -> set[str]:
    """The runs of MIN_SHARED characters of ``text``."""
    return {text[i : i + MIN_SHARED] for i in range(len(text) - MIN_SHARED + 1)}


class ProjectIndex:
    def __init__(self, rows: list[ProjectRow]) -> None:
        self.rows = rows
        self.names = [_compact_name(r.project) for r in rows]
        # one matcher per name: its index of the name's characters is built once, not per text
        self._matchers = [SequenceMatcher(None, "", name, autojunk=False) for name in self.names]
        # a name shares MIN_SHARED characters in a row with a text only if they share such a run
        self._runs = [_runs(name) for name in self.names]

    def by_quote(self, quote: str) -> ProjectRow | None:
        quote = _compact_name(quote)
        for row, name in zip(self.rows, self.names, strict=True):
            if name == quote:
                return row
        for row, name in zip(self.rows, self.names, strict=True):
            if len(quote) >= MIN_SHARED and (quote in name or name in quote):
                return row
        return None

    def by_text(self, text: str) -> ProjectRow | None:
        best: tuple[int, float] = (0, 0.0)
        found: ProjectRow | None = None
        runs = _runs(text)
        for row, name, matcher, own in zip(
            self.rows, self.names, self._matchers, self._runs, strict=True
        ):
            if not name or runs.isdisjoint(own):  # nothing MIN_SHARED long in common
                continue
            matcher.set_seq1(text)
            m = matcher.find_longest_match(0, len(text), 0, len(name))
            shared = text[m.a : m.a + m.size]
            if m.size < MIN_SHARED or len(GENERIC_NAME.sub("", shared)) < 3:
                continue
            share = m.size / len(GENERIC_NAME.sub("", name) or name)
            if share >= MIN_SHARE and (m.size, share) > best:
                best, found = (m.size, share), row
        return found


def _sections(body: list[LocText]) -> list[tuple[LocText, bool]]:
    out: list[tuple[LocText, bool]] = []
    highlight = False
    for para in body:
        if TOP_HEADING.match(para.text) and len(para.text) <= 30:
            highlight = bool(HIGHLIGHTS.search(para.text))
        out.append((para, highlight))
    return out


def body_catalogue(body: list[LocText]) -> list[ProjectRow]:
    """The projects of a circular that has no attachment tables: the numbered paragraphs under
    a heading that names their level ("一、省重点民生实事进展" / "1.新建公办幼儿园。…")."""
    rows: list[ProjectRow] = []
    level = None
    for para in body:
        if TOP_HEADING.match(para.text) and len(para.text) <= 30:
            level = level_hint(para.text)
            continue
        m = NUMBERED_PROJECT.match(para.text)
        number = chinese_int(m.group("no")) if m else None
        if level is None or m is None or number is None:
            continue
        name = para[m.start("name") : m.end("name")]
        rows.append(
            ProjectRow(
                level=level,
                category_no=None,
                category=None,
                project_no=number,
                project=name.text,
                progress=para,
                name_cell=name,
                printed=True,
                number_text=m.group("no"),
            )
        )
    return rows


def read_body(body: list[LocText], rows: list[ProjectRow], units: UnitLexicon) -> BodyReading:
    index = ProjectIndex(rows)
    reading = BodyReading(sections=_sections(body))
    for para, highlight in reading.sections:
        lead = LEAD.match(para.text)
        para_row = _project_for(lead.group("lead"), index) if lead else None
        for _, sentence in sentences(para):
            text = sentence.text
            figures = read_figures(text, units)
            assign_indicators(text, figures, units)
            behind_all = _plural_behind(text)
            listed = behind_all is not None and _county_list_before(figures, behind_all)
            for fig in figures:
                seg_text = text[fig.segment[0] : fig.start]
                row = (
                    _project_for(seg_text, index)
                    or _project_for(text[: fig.start], index)
                    or para_row
                )
                if row is None and fig.counties:
                    # "未达序时进度的有：浮梁县（45%）、乐平市（52.3%），均为某某项目"
                    row = _project_for(text[fig.end :], index)
                if behind_all is not None and (fig.counties or not listed):
                    fig.behind = True
                reading.figures.append(BodyFigure(fig, sentence, row, highlight))
            if not figures and not highlight:
                reading.markers.extend(_markers(sentence, index, units))
            elif not highlight:
                tied = [(f.figure.end, f.row) for f in reading.figures[-len(figures) :]]
                reading.markers.extend(_county_markers(sentence, tied, units))
    return reading


def _county_markers(
    sentence: LocText, tied: list[tuple[int, ProjectRow | None]], units: UnitLexicon
) -> list[Marker]:
    """ "湘乡市、韶山市开工率分别为100%、80%，韶山市进度滞后" → 韶山市 of that project is behind:
    a clause with a status and counties but no figure, after a figure tied to a project."""
    out: list[Marker] = []
    for start, clause, status in _behind_clauses(sentence.text):
        before = [row for fig_end, row in tied if fig_end <= start]
        if "%" not in clause and before and before[-1] is not None:
            row = before[-1]
            for county in dict.fromkeys(h.name for h in units.find(clause)):
                out.append(_marker(row, county, sentence, start, status))
    return out


def _behind_clauses(text: str) -> Iterator[tuple[int, str, regex.Match[str]]]:
    """Each clause of ``text`` that says something is behind: its offset, text and status."""
    start = 0
    for clause in regex.split(r"(?<=[，,；;。])", text):
        status = BEHIND.search(clause)
        if status:
            yield start, clause, status
        start += len(clause)


def _marker(
    row: ProjectRow, county: str | None, sentence: LocText, start: int, status: regex.Match[str]
) -> Marker:
    return Marker(
        row.level, row.project_no, county, sentence, start + status.start(), start + status.end()
    )


def _project_for(text: str, index: ProjectIndex) -> ProjectRow | None:
    for m in QUOTED.finditer(text):
        row = index.by_quote(m.group("name"))
        if row is not None:
            return row
    return index.by_text(text)


def _plural_behind(text: str) -> int | None:
    """Where a clause says of several units at once that they are behind ("均未达序时"), or
    None; such a clause covers the sentence's figures, or only the county list right before it."""
    start = 0
    for clause in CLAUSE.split(text):
        if BEHIND.search(clause) and PLURAL.search(clause):
            return start
        start += len(clause) + 1
    return None


def _county_list_before(figures: list[Figure], clause_start: int) -> bool:
    """Whether the figures right before a "均未达序时" clause are a list of counties: "项目进度达
    84.3%，道县61.2%、新田县70.5%，均未达序时" says so of the counties, not of the project."""
    before = [f for f in figures if f.start < clause_start and f.reason is None]
    return bool(before) and bool(before[-1].counties)


def _markers(sentence: LocText, index: ProjectIndex, units: UnitLexicon) -> list[Marker]:
    """ "“某工程”中的“市级某建设”指标未达序时" → that project, 市本级, behind schedule."""
    out: list[Marker] = []
    for start, clause, status in _behind_clauses(sentence.text):
        quotes = [m.group("name") for m in QUOTED.finditer(clause)]
        found = [r for q in quotes if (r := index.by_quote(q)) is not None]
        # "“甲”“乙”2个项目…滞后" names several; "“甲”中的“乙”指标…" one project
        found = found[:1] if PART_OF.search(clause) else found
        if not found:  # the project named without quotes: "某某项目进度滞后"
            row = index.by_text("".join(quotes) or clause)
            found = [row] if row is not None else []
        hits = units.find(clause)
        counties: list[str | None] = [h.name for h in hits] or [None]
        unique = {(r.level, r.project_no): r for r in found}
        for row in unique.values():
            for county in dict.fromkeys(counties):
                out.append(_marker(row, county, sentence, start, status))
    return out
