"""Rows of the attachment tables → projects with their progress text.

附件1 (province): 序号 = category number, 实事名称 = category, 项目名称 with its circled number =
project number and name, 进展情况. 附件2 (city): 序号 = project number, 实事名称 = project,
进展情况. Columns are found by their headers, so tables with or without a 实事名称 column,
with extra columns, or with headers repeated per page all read the same. A blank 序号
continues the one above; a row with only progress text continues the row above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from parsers.located import LocText
from parsers.numbering import CIRCLED, Sequence, cell_number, chinese_int, split_leading_number
from parsers.structure import CATEGORY_LINE, Attachment, level_hint
from schemas.circular import Level
from schemas.extracted import TableRow

# the end of a progress text: "…进度为 76%。"
SENTENCE_DONE = regex.compile(r"[。！？.!?）)]$")
# header cells: "序号", "实事名称", "项目名称", "进展情况" (and their common variants)
HEADER_NUMBER = regex.compile(r"^(?:序号|编号|序)$")
HEADER_PROGRESS = regex.compile(r"进展|完成情况|推进情况|进度情况|工作进度|落实情况|实施情况")
HEADER_PROJECT = regex.compile(r"项目")
HEADER_CATEGORY = regex.compile(r"实事|类别|事项|名称")
# a column of figures: "完成率", "形象进度（%）", "完成进度"
METRIC_COLUMN = regex.compile(r"(?:进度|完成率|完成比例|开工率)(?:[（(]%[）)])?$")
# the unit in a header: "（%）"
PERCENT_UNIT = regex.compile(r"[（(]%[）)]$")


@dataclass(frozen=True, slots=True)
class Columns:
    number: int | None
    category: int | None
    project: int
    progress: int
    metrics: tuple[tuple[int, str], ...] = ()  # columns holding a figure: (index, "完成率")


@dataclass(slots=True)
class ProjectRow:
    level: Level
    category_no: int | None
    category: str | None
    project_no: int
    project: str
    progress: LocText
    name_cell: LocText
    merged_progress: bool = False
    printed: bool = False  # whether the name carried its own number (①, (1), 1.)
    number_text: str = ""  # the 序号 cell as printed (blank in a continuation)
    # why the project number is not the row's own (a city row whose 序号 did not read)
    number_doubt: str | None = None
    metric_cells: list[tuple[str, LocText]] = field(default_factory=list)


def _cell(row: TableRow, index: int | None) -> LocText:
    if index is None or index >= len(row.cells) or row.cells[index] is None:
        return LocText.empty()
    return LocText.from_block(row.cells[index]).normalized()  # type: ignore[arg-type]


def header_columns(texts: list[str]) -> Columns | None:
    """The columns a header row names, or None if the row is not a header."""
    number = progress = project = category = None
    for i, text in enumerate(texts):
        flat = "".join(text.split())
        if not flat or len(flat) > 12:
            continue
        if number is None and HEADER_NUMBER.match(flat):
            number = i
        elif progress is None and HEADER_PROGRESS.search(flat):
            progress = i
        elif project is None and HEADER_PROJECT.search(flat):
            project = i
        elif category is None and HEADER_CATEGORY.search(flat):
            category = i
    if progress is None or (project is None and category is None):
        return None
    if project is None:
        project, category = category, None  # one name column: it names the project
    used = {number, category, project, progress}
    metrics = tuple(
        (i, PERCENT_UNIT.sub("", "".join(t.split())))
        for i, t in enumerate(texts)
        if i not in used and METRIC_COLUMN.search("".join(t.split()))
    )
    return Columns(number, category, project, progress, metrics)


def _guess_columns(width: int) -> Columns | None:
    if width >= 4:
        return Columns(0, 1, 2, 3)
    if width == 3:
        return Columns(0, None, 1, 2)
    if width == 2:
        return Columns(None, None, 0, 1)
    return None


def _level(att: Attachment, columns: Columns | None, ordinal: int) -> Level:
    """省定/市定 from the attachment's title; else a category column or circled project numbers
    make a province table; else the first attachment is the province's, the others the city's."""
    if att.level:
        return att.level
    if columns is not None and columns.category is not None:
        return "province"
    if any(c is not None and CIRCLED.match(c.text.strip()) for r in att.rows for c in r.cells):
        return "province"
    number = att.number if att.number is not None else ordinal
    return "province" if number == 1 else "city"


def _continue_row(
    last: ProjectRow, progress: LocText, number: int | None, category: str | None
) -> None:
    """More of the row above; ``category`` is None where the table has no category column."""
    if progress.text and progress.text != last.progress.text:
        last.progress = last.progress.join(progress, "\n").normalized()
    if (
        last.level == "province"
        and category is not None
        and number is not None
        and number != last.category_no
    ):
        last.category_no = number  # the first part of the row lost its merged cells
        last.category = category or last.category


class _TableReader:
    """Reads the rows of one attachment in order, keeping what the rows above left open:
    the columns, the category, the numbering, the head of a row broken by a page."""

    def __init__(self, att: Attachment, ordinal: int) -> None:
        self.att, self.ordinal = att, ordinal
        self.rows: list[ProjectRow] = []
        self.columns: Columns | None = None
        self.level: Level | None = None
        self.sequence = Sequence()
        self.category_no: int | None = None
        self.category: str | None = None
        self.city_no = 0
        self.previous_texts: set[str] = set()
        self.previous_number = ""
        self.head = LocText.empty()
        self.numbered_names: bool | None = None

    def read(self, row: TableRow) -> None:
        texts = [LocText.from_block(c).normalized().text if c else "" for c in row.cells]
        if not any(texts) or self._category_heading(texts):
            return
        self.previous_texts = set(texts)
        found = header_columns(texts)
        if found is not None:
            self.columns = found
            self.level = self.level or _level(self.att, found, self.ordinal)
            return
        # without a header, guess the columns only under an attachment heading
        guessed = _guess_columns(len(row.cells)) if self.att.heading is not None else None
        cols = self.columns or guessed
        if cols is None:
            return
        self.level = self.level or _level(self.att, cols, self.ordinal)
        number_text = _cell(row, cols.number).text
        name, progress = _cell(row, cols.project), _cell(row, cols.progress)
        if not name.text and not number_text:
            self._progress_only(progress)
            return
        if self.head:
            progress = self.head.join(progress, "\n").normalized() if progress else self.head
            self.head = LocText.empty()
        number = cell_number(number_text)
        category_cell = _cell(row, cols.category).text if cols.category is not None else None
        last = self.rows[-1] if self.rows else None
        if last and name.text and name.text == last.name_cell.text:
            # the same project again: a row broken by a page, its name repeated
            _continue_row(last, progress, number, category_cell)
            return
        if last and self._rest_of_name(last, name, number, progress):
            # the rest of a numbered name that a page break cut: "（14）…适老化改" + "造"
            last.name_cell = last.name_cell.join(name, "\n").normalized()
            last.project = split_leading_number(last.name_cell.text).name
            _continue_row(last, progress, number, category_cell)
            last.number_text = last.number_text or number_text
            return
        self.previous_number = number_text or self.previous_number
        merged = False
        if last and progress.text in ("", last.progress.text):
            # a merged progress cell: the row above's text, read once
            progress, merged = last.progress, True
        if self.level == "province":
            project_no, project = self._province_numbers(cols, number, category_cell, name.text)
        else:
            project_no, project = self._city_number(cols, number, name.text)
        self.rows.append(
            ProjectRow(
                level=self.level,
                category_no=self.category_no if self.level == "province" else None,
                category=self.category if self.level == "province" else None,
                project_no=project_no,
                project=project,
                progress=progress,
                name_cell=name,
                merged_progress=merged,
                printed=self.level == "province"
                and split_leading_number(name.text).number is not None,
                number_text=number_text,
                metric_cells=[(label, _cell(row, i)) for i, label in cols.metrics],
            )
        )

    def _category_heading(self, texts: list[str]) -> bool:
        """ "一、推进教育优质均衡发展" across the row: the category of the rows below (other
        cells blank, or copies of the row above where a merged cell was filled too eagerly)."""
        filled = [t for t in texts if t]
        heading = CATEGORY_LINE.match(filled[0])
        if not heading or not all(t in self.previous_texts for t in filled[1:]):
            return False
        level = level_hint(heading.group("name"))
        if level is not None:  # "二、市定实事": one table, two levels; numbering starts again
            self.level, self.sequence, self.city_no = level, Sequence(), 0
            self.category_no = self.category = None
            return True
        self.category_no = chinese_int(heading.group("number"))
        self.category = heading.group("name").strip()
        return True

    def _progress_only(self, progress: LocText) -> None:
        """A row broken by a page: the tail of the row above ends its sentence, the head of
        the row below does not."""
        if progress.text and self.rows and SENTENCE_DONE.search(progress.text):
            last = self.rows[-1]
            last.progress = last.progress.join(progress, "\n").normalized()
        elif progress.text:
            self.head = self.head.join(progress, "\n") if self.head else progress

    def _rest_of_name(
        self, last: ProjectRow, name: LocText, number: int | None, progress: LocText
    ) -> bool:
        return (
            last.printed
            and not split_leading_number(name.text).number
            and (
                number is None
                or number == cell_number(self.previous_number)
                or not last.number_text  # the first part lost its merged cells
            )
            and (
                progress.text in ("", last.progress.text)
                or not SENTENCE_DONE.search(last.progress.text)
            )
        )

    def _province_numbers(
        self, cols: Columns, number: int | None, category_cell: str | None, name: str
    ) -> tuple[int, str]:
        numbered = split_leading_number(name)
        if cols.category is not None and not self._names_numbered(cols):
            # 序号 numbers the projects; categories are counted as they change
            if category_cell and category_cell != self.category:
                self.category_no = (self.category_no or 0) + 1
                self.category = category_cell
            printed = number
        elif cols.category is not None:
            if number is not None:
                self.category_no = number
            if category_cell:
                self.category = category_cell
            elif number is not None:
                self.category = None
            printed = numbered.number
        elif numbered.number is not None:
            if number is not None:
                self.category_no = number  # 序号 numbers categories, the name numbers the project
            printed = numbered.number
        else:
            printed = number  # 序号 numbers the projects
        return self.sequence.next(printed, numbered.name), numbered.name

    def _names_numbered(self, cols: Columns) -> bool:
        """Whether the project names carry their own numbers (①, (1), 1.) in this table."""
        if self.numbered_names is None:
            self.numbered_names = any(
                split_leading_number(_cell(r, cols.project).text).number is not None
                for r in self.att.rows
            )
        return self.numbered_names

    def _city_number(self, cols: Columns, number: int | None, name: str) -> tuple[int, str]:
        project = name
        numbered = split_leading_number(name)
        if number is None and numbered.number is not None:  # "2.新增停车泊位" with no 序号
            number, project = numbered.number, numbered.name
        if number is not None:
            self.city_no = number
        elif not self.rows:
            self.city_no += 1
        return self.city_no, project


def read_attachment(att: Attachment, ordinal: int, warnings: list[str]) -> list[ProjectRow]:
    """The projects of one attachment, in table order."""
    reader = _TableReader(att, ordinal)
    for row in att.rows:
        reader.read(row)
    _mend_city_numbers(reader.rows)
    warnings.extend(f"attachment {att.number or ordinal}: {w}" for w in reader.sequence.warnings)
    return reader.rows


def _mend_city_numbers(rows: list[ProjectRow]) -> None:
    """City rows whose 序号 did not read as the number after the row above's (blank, a speck,
    a digit misread on a scan): between rows numbered n and n + 2 the row is n + 1; elsewhere
    its number is doubted. A row repeating the number above (a merged 序号) keeps it."""
    for k, row in enumerate(rows):
        if row.level != "city" or k == 0 or row.name_cell.text == rows[k - 1].name_cell.text:
            continue
        above = rows[k - 1].project_no
        printed = cell_number(row.number_text)
        if printed == above + 1 or printed == above:
            continue
        below = rows[k + 1].project_no if k + 1 < len(rows) else None
        if below == above + 2:
            row.project_no = above + 1
        elif printed is None:
            row.number_doubt = (
                f"project number not read ('{row.number_text}'): {row.project_no} is "
                "taken from the row above"
            )
        else:
            row.number_doubt = f"project number {printed} read after {above}"
