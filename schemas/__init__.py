"""The contract of minsheng: typed models shared by parsers, warehouse, notify and flows.

This package imports nothing of the project.
"""

from schemas.alert import Alert, AlertKind, AlertState
from schemas.channel import Channel, ChannelKind
from schemas.circular import (
    CircularMeta,
    CountyMention,
    CountyScore,
    DocumentInfo,
    Fact,
    Level,
    MissedCandidate,
    ParseReport,
    ParseResult,
    ProjectEntry,
    ProjectState,
    Quantity,
    QuantityKind,
    Section,
    SourceRef,
)
from schemas.errors import MinshengError, UnreadableDocument
from schemas.extracted import ExtractedDocument, LineOrigin, TableRow, TextBlock

__all__ = [
    "Alert",
    "AlertKind",
    "AlertState",
    "Channel",
    "ChannelKind",
    "CircularMeta",
    "CountyMention",
    "CountyScore",
    "DocumentInfo",
    "ExtractedDocument",
    "Fact",
    "Level",
    "LineOrigin",
    "MinshengError",
    "MissedCandidate",
    "ParseReport",
    "ParseResult",
    "ProjectEntry",
    "ProjectState",
    "Quantity",
    "QuantityKind",
    "Section",
    "SourceRef",
    "TableRow",
    "TextBlock",
    "UnreadableDocument",
]
