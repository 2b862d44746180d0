"""The genre reader: progress figures of any circular, report or table of 民生实事 / 民生工程,
with whatever anchors them — a heading, the subject of a sentence, a table's header and row,
a place row, a respective list.

It works on the document as lines (prose lines and table rows), in simplified characters
with inserted pinyin dropped, every character still tied to its page and line. The numbered
attachment reader (``attachments``) is another source of anchors; ``circular`` uses this one
where that one finds no project rows with figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from parsers.counties import short_form
from parsers.flat_tables import split_lines
from parsers.genre_meta import read_genre_meta
from parsers.grids import GridFigure, read_grid
from parsers.located import LocText
from parsers.outline import read_outlined
from parsers.places import Place, find_publisher, place_lexicon, table_publisher
from parsers.prose import ProseFigure, sentences
from parsers.quantities import Made, text_quantities
from parsers.ratio_groups import group_tables
from parsers.ratio_rows import cell_ratio_tables, ratio_rows
from parsers.repeats import drop_repeats
from parsers.script import INSERTED_PINYIN, is_traditional, simplified, with_pinyin
from parsers.topics import apply_topic, document_programme, document_topic
from schemas.circular import (
    CircularMeta,
    CountyMention,
    Fact,
    MissedCandidate,
    Quantity,
    SourceRef,
)
from schemas.extracted import ExtractedDocument, TableRow, TextBlock

# words of a status a place is singled out with: "进展较快", "排名靠前", "进度相对较慢"
STATUS_WORD = regex.compile(
    r"较快|较慢|靠前|靠后|滞后|缓慢|首位|末位|第[一二三四五六七八九十\d]+名?|排名|排在|低于|高于"
    r"|未达|未完成|完成年度|已完成|全部开工|为0|前列|后列|先进|落后|通报|表扬|批评"
)
CLAUSE = regex.compile(r"[，,；;。！？!?]")


@dataclass(slots=True)
class GenreReading:
    meta: CircularMeta
    place: Place
    facts: list[Fact] = field(default_factory=list)
    mentions: list[CountyMention] = field(default_factory=list)
    missed: list[MissedCandidate] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)


Row = tuple[int, list[LocText | None]]  # (table index, cells)


def _lines(doc: ExtractedDocument, traditional: bool) -> list[LocText | Row]:
    """The document as lines (``LocText``, as printed: a flattened table is told by its
    spacing) and table rows (cells normalised and simplified)."""
    out: list[LocText | Row] = []
    for item in doc.items:
        if isinstance(item, TextBlock):
            out.append(LocText.from_block(item))
        elif isinstance(item, TableRow):
            out.append(
                (
                    item.table,
                    [
                        simplified(LocText.from_block(c).normalized(), traditional=traditional)
                        if c is not None
                        else None
                        for c in item.cells
                    ],
                )
            )
    return out


def _raw_lines(doc: ExtractedDocument) -> dict[tuple[int | None, int], str]:
    """The original text of each physical line, for provenance."""
    raw: dict[tuple[int | None, int], str] = {}
    for item in doc.items:
        blocks = [item] if isinstance(item, TextBlock) else [c for c in item.cells if c]
        for block in blocks:
            origins = sorted(block.origins, key=lambda o: o.offset)
            for k, o in enumerate(origins):
                end = origins[k + 1].offset if k + 1 < len(origins) else len(block.text)
                key = (o.page, o.line)
                raw[key] = (raw.get(key, "") + " " + block.text[o.offset : end]).strip()
    return raw


def _status(text: str, start: int, end: int, units: object = None) -> str | None:
    """What a clause says of the place at ``text[start:end]``: "开工进展排名靠前",
    "进度相对较慢"; None when it says nothing of the kind."""
    a = max((m.end() for m in CLAUSE.finditer(text, 0, start)), default=0)
    m = CLAUSE.search(text, end)
    b = m.start() if m else len(text)
    before = regex.sub(
        r"(?:的)?(?:地区|县区|县市区|市州|单位|县|市|区)?(?:为|是|有|：|:)$", "", text[a:start]
    )
    after = text[end:b]
    while units is not None:  # the other units of the list: "武陵区、鼎城区进展较快"
        after = after.lstrip("、和及与等")
        hits = units.find(after)  # type: ignore[attr-defined]
        if not hits or hits[0].start != 0:
            break
        after = after[hits[0].end :]
    after = after.lstrip("、和及与等")
    for phrase in (after, before):
        phrase = (
            regex.sub(r"^[\p{Han}]{0,12}?[、和及与]", "", phrase) if phrase is after else phrase
        )
        if phrase and len(phrase) <= 24 and STATUS_WORD.search(phrase):
            return phrase.strip("，,、 ")
    return None


def read_genre(doc: ExtractedDocument) -> GenreReading:
    """Every progress figure of a document read as the genre, with meta and place mentions."""
    all_text = "\n".join(
        item.text for item in doc.items if isinstance(item, TextBlock)
    ) + "\n".join(
        c.text for item in doc.items if isinstance(item, TableRow) for c in item.cells if c
    )
    traditional = is_traditional(all_text)
    items = _lines(doc, traditional)
    raw_lines = [i for i in items if isinstance(i, LocText)]
    grouped = group_tables(raw_lines)
    grouped += cell_ratio_tables(raw_lines, {i for t in grouped for i in t.line_ids})
    tables, prose_ids = split_lines(raw_lines, grouped)
    # rows run together with their prose cells, among the lines no table took
    told = ratio_rows(raw_lines, {i for t in tables for i in t.line_ids})
    if told:
        taken = {i for t in told for i in t.line_ids}
        tables = sorted([*tables, *told], key=lambda t: t.first_line)
        prose_ids = [i for i in prose_ids if i not in taken]

    def clean(loc: LocText) -> LocText:
        return simplified(loc.normalized(), traditional=traditional)

    prose_lines = [clean(line) for line in raw_lines]
    for table in tables:
        table.rows = [[clean(c) for c in row] for row in table.rows]
    plain = "\n".join(p.text for p in prose_lines)
    head = "\n".join(p.text for p in prose_lines[:8])
    place = find_publisher(
        plain + "\n" + "\n".join(_text_of_row(r[1]) for r in items if isinstance(r, tuple)),
        head,
    )
    if place.name is None:  # a table of 市州 tells the province its page never names
        first_cells = [
            next((t for c in row if c is not None and not (t := _squeeze(c.text)).isdigit()), "")
            for table in tables
            for row in table.rows
        ]
        place = table_publisher(first_cells) or place
    units = place_lexicon(place)
    meta = read_genre_meta(prose_lines, place)
    reading = GenreReading(meta=meta, place=place)
    raw = _raw_lines(doc)
    native: dict[int, list[list[LocText | None]]] = {}
    for item in items:
        if isinstance(item, tuple):
            native.setdefault(item[0], []).append(item[1])
    grid_figures: list[GridFigure] = []
    prose_figures: list[ProseFigure] = []
    places: list[tuple[str, LocText]] = []
    titles: set[str] = {meta.title} if meta.title else set()
    printed_titles: dict[str, str] = {}
    for table in tables:
        title = _title_above(prose_lines, table.first_line, printed_titles)
        if title:
            titles.add(title)
        got = read_grid(table.rows, title, units, place.name)  # type: ignore[arg-type]
        grid_figures += got[0]
        prose_figures += got[1]
        places += got[2]
    for rows in native.values():
        got = read_grid(rows, meta.title, units, place.name)
        grid_figures += got[0]
        prose_figures += got[1]
        places += got[2]
    prose_figures += read_outlined(prose_lines, prose_ids, units)
    for i in prose_ids:
        line = prose_lines[i]
        for hit in units.find(line.text):
            places.append((hit.name, line[hit.start : hit.end]))
            reading.mentions.append(_mention(line, hit.start, hit.end, hit.name, units=units))
    seen_mentions = {(m.county, m.status) for m in reading.mentions}
    for name, cell in places:
        if (name, None) not in seen_mentions and not any(
            m.county == name for m in reading.mentions
        ):
            reading.mentions.append(_mention(cell, 0, len(cell.text), name, status=False))
            seen_mentions.add((name, None))
    reading.mentions = _dedupe_mentions(reading.mentions)
    topic = document_topic([prose_lines[i] for i in prose_ids], printed_titles)
    programme = document_programme([prose_lines[i] for i in prose_ids])
    apply_topic(topic, prose_figures, grid_figures, titles, units, programme)
    _prose_facts(reading, prose_figures, raw)
    _grid_facts(reading, grid_figures, raw, printed_titles)
    reading.facts = drop_repeats(reading.facts)
    original = "\n".join(raw.values())
    if INSERTED_PINYIN.search(original):  # names as the mirror printed them, pinyin and all
        for fact in reading.facts:
            fact.project = with_pinyin(original, fact.project) or fact.project
            fact.indicator = with_pinyin(original, fact.indicator)
    return reading


def _squeeze(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def _text_of_row(row: list[LocText | None]) -> str:
    return " ".join(c.text for c in row if c is not None)


# a note between a table and its title: "（截至2023年9月末）", "单位：个、%"
TABLE_NOTE = regex.compile(r"[（(]?(?:截至|截止|单位)[^（()）]{0,24}[)）]?")


def _title_above(lines: list[LocText], first: int, printed: dict[str, str]) -> str | None:
    """The title over a table, and its printed form kept in ``printed``."""
    shown = [
        k
        for k in range(first - 1, max(-1, first - 20), -1)
        if lines[k].text.strip(" |\t\u3000") and not TABLE_NOTE.fullmatch(lines[k].text.strip(" |"))
    ]
    for k in shown[:3]:
        text = lines[k].text.strip().strip("|").strip()
        if 4 <= len(text) <= 60 and regex.search(r"表|情况|进度|进展|月报|统计", text):
            at = lines[k].text.find(text)
            printed[text] = lines[k].as_printed(at, at + len(text))
            return text
    return None


def _mention(
    loc: LocText, start: int, end: int, name: str, *, status: bool = True, units: object = None
) -> CountyMention:
    said = _status(loc.text, start, end, units) if status else None
    page, line = loc.at(start)
    if loc.printed:  # a traditional text names its units as it prints them: "銅陵"
        name = regex.sub(r"\s+", "", loc.as_printed(start, end))
    return CountyMention(
        county=name,
        status=said,
        section="body",
        source=SourceRef(page=page, line=line, start=start, end=end, text=loc.text),
    )


def _dedupe_mentions(mentions: list[CountyMention]) -> list[CountyMention]:
    with_status = {m.county for m in mentions if m.status}
    out: list[CountyMention] = []
    seen: set[tuple[str, str | None]] = set()
    for m in mentions:
        if m.status is None and m.county in with_status:
            continue
        key = (m.county, m.status)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _source(loc: LocText, start: int, end: int, raw: dict) -> SourceRef:
    ref = loc.ref(start, end)
    line = raw.get((ref.page, ref.line))
    if line and (loc.printed or INSERTED_PINYIN.search(line)):
        ref.original = line
    return ref


def _county_as_printed(loc: LocText, county: str) -> str:
    """A unit's name as a traditional text prints it ("銅陵" for 铜陵市); the name as it is
    elsewhere."""
    if not loc.printed:
        return county
    for form in (county, short_form(county)):
        if form and (at := loc.text.find(form)) >= 0:
            return loc.as_printed(at, at + len(form))
    return county


def _printed(loc: LocText, name: str | None, near: int) -> str | None:
    """A name found in ``loc`` as the document printed it (the nearest before ``near``)."""
    if not name or not loc.printed:
        return name
    at = loc.text.rfind(name, 0, near)
    if at < 0:
        at = loc.text.find(name)
    if at >= 0:
        return loc.as_printed(at, at + len(name))
    # a name read with a bracket left out: from where its head stands to where its tail ends
    head, tail = name[:3], name[-3:]
    start = loc.text.rfind(head, 0, near)
    end = loc.text.find(tail, start + len(head)) if start >= 0 else -1
    return loc.as_printed(start, end + len(tail)) if start >= 0 and end >= 0 else name


def _prose_facts(reading: GenreReading, figures: list[ProseFigure], raw: dict) -> None:
    seen: set[tuple] = set()
    made: list[Made] = []
    for item in figures:
        fig = item.figure
        text = item.sentence
        if item.reason:
            page, line = text.at(fig.start)
            reading.missed.append(
                MissedCandidate(page=page, line=line, text=text.text, reason=item.reason)
            )
            continue
        if not item.project and not item.category:
            page, line = text.at(fig.start)
            reading.missed.append(
                MissedCandidate(
                    page=page, line=line, text=text.text, reason="not tied to a project"
                )
            )
            continue
        first = len(reading.facts)
        for county in [_county_as_printed(text, c) for c in fig.counties] or [None]:
            key = (fig.value, county, fig.metric, item.project)
            if key in seen:
                continue
            seen.add(key)
            name = item.project or item.category or ""
            printed = _printed(text, name, fig.start) or name
            if printed == name and item.context is not None:
                printed = _printed(item.context, name, len(item.context.text)) or name
            reading.facts.append(
                Fact(
                    level=None,
                    project=printed,
                    project_simplified=name if printed != name else None,
                    indicator=_printed(text, item.indicator, fig.end),
                    category=item.category if item.category != item.project else None,
                    county=county,
                    metric=fig.metric,
                    value=fig.value,
                    status="behind_schedule" if fig.behind else None,
                    section="body",
                    source=_source(text, fig.start, fig.end, raw),
                )
            )
        made.append((text, fig.start, fig.end, len(fig.counties), reading.facts[first:]))
    reading.quantities += text_quantities(made)


def _grid_facts(
    reading: GenreReading, figures: list[GridFigure], raw: dict, titles: dict[str, str]
) -> None:
    for fig in figures:
        name = fig.project or ""
        where = fig.label_cell or fig.cell
        printed = titles.get(name) or _printed(where, name, len(where.text)) or name
        reading.facts.append(
            Fact(
                level=None,
                project=printed,
                project_simplified=name if printed != name else None,
                indicator=fig.indicator,
                category=fig.category if fig.category != fig.project else None,
                county=(
                    _county_as_printed(fig.label_cell, fig.county)
                    if fig.county and fig.label_cell is not None
                    else fig.county
                ),
                metric=fig.metric,
                value=fig.value,
                section="table",
                source=_source(fig.cell, fig.start, fig.end, raw),
            )
        )


__all__ = ["GenreReading", "read_genre", "sentences"]
