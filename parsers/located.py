"""Text that knows, for every character, the physical page and line it was printed on.

Readers hand over ``TextBlock``s whose ``origins`` say where each physical line starts. The
parser joins lines into paragraphs and cells, normalises them and cuts sentences out of them;
``LocText`` carries the (page, line) of every character through all of that, so each fact can
point back at its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.normalize import normalize_map
from schemas.circular import SourceRef
from schemas.extracted import TextBlock

Where = tuple[int | None, int]  # (page, line)


@dataclass(frozen=True, slots=True)
class LocText:
    """``text`` with the (page, line) of every character; ``printed``, when not empty, is the
    same text as the document printed it (traditional characters), character for character."""

    text: str
    where: tuple[Where, ...]
    printed: str = ""

    def __post_init__(self) -> None:
        if len(self.text) != len(self.where):
            raise ValueError("every character needs a location")
        if self.printed and len(self.printed) != len(self.text):
            raise ValueError("the printed text must match the text character for character")

    def as_printed(self, start: int, end: int) -> str:
        """``text[start:end]`` as the document printed it."""
        return (self.printed or self.text)[start:end]

    @classmethod
    def from_block(cls, block: TextBlock) -> LocText:
        origins = sorted(block.origins, key=lambda o: o.offset) or []
        where: list[Where] = []
        k = 0
        current: Where = (origins[0].page, origins[0].line) if origins else (None, 1)
        for i in range(len(block.text)):
            while k < len(origins) and origins[k].offset <= i:
                current = (origins[k].page, origins[k].line)
                k += 1
            where.append(current)
        return cls(block.text, tuple(where))

    @classmethod
    def empty(cls) -> LocText:
        return cls("", ())

    def __len__(self) -> int:
        return len(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __getitem__(self, item: slice) -> LocText:
        return LocText(
            self.text[item], self.where[item], self.printed[item] if self.printed else ""
        )

    def join(self, other: LocText, sep: str = "\n") -> LocText:
        """This text, ``sep`` (placed on this text's last line) and ``other``."""
        if not self.text:
            return other
        if not other.text:
            return self
        printed = ""
        if self.printed or other.printed:
            printed = (self.printed or self.text) + sep + (other.printed or other.text)
        return LocText(
            self.text + sep + other.text,
            self.where + (self.where[-1],) * len(sep) + other.where,
            printed,
        )

    def normalized(self) -> LocText:
        text, keep = normalize_map(self.text)
        printed = "".join(self.printed[i] for i in keep) if self.printed else ""
        return LocText(text, tuple(self.where[i] for i in keep), printed)

    def at(self, offset: int) -> Where:
        if not self.where:
            return (None, 1)
        return self.where[min(max(offset, 0), len(self.where) - 1)]

    def ref(self, start: int, end: int) -> SourceRef:
        """Where ``text[start:end]`` stands: its line, and this whole text."""
        page, line = self.at(start)
        return SourceRef(page=page, line=line, start=start, end=end, text=self.text)
