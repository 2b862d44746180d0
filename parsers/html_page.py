"""The parts of a government portal page: furniture, the article's container, title, publish line.

Pure functions of an lxml tree (``parsers.html_text.parse_tree``); ``parsers.html_layout``
turns what they find into an ``ExtractedDocument``.

- :func:`strip_page`: scripts, styles, forms' widgets, hidden elements, and the furniture of a
  portal (``<nav>``, ``<footer>``, ``<aside>``, elements whose class or id names navigation,
  breadcrumbs, share widgets, related links, footers …) taken out. Furniture that holds half
  or more of the page's text, links' text included, is kept: it is the page (or a listing's
  list), whatever its class says.
- :func:`find_container`: the element holding the article. Among the elements whose class or
  id names an article body (``TRS_Editor``, ``article-content``, ``zoom``, ``content`` …) the
  one with the most substance (text outside links, and table cells), the innermost of those
  within 10% of it; with none, the page is walked down from ``<body>`` while one child holds
  three quarters of its substance (into a layout table, not into a data table).
- :func:`find_title`: the heading (``h1``–``h4``, a class or id naming a title) outside the
  body, not all link (a logo), that agrees with the page's ``<title>``; else the first such
  heading at least as long as the longest part of ``<title>`` (which may be just the site's
  name); else that part; else the first ``h1``–``h3`` of the body.
- :func:`find_publish_line`: the block holding "发布时间：" / "来源：", cleared of view counters
  and font-size or print buttons: "发布时间：2024-05-12 来源：云岭市督查室".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import takewhile

import regex
from lxml.html import HtmlElement

from parsers.html_text import squeeze

# elements that never hold an article's text
DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "button",
    "input",
    "textarea",
    "map",
    "audio",
    "video",
    "head",
)
FURNITURE_TAGS = ("nav", "footer", "aside")
# elements that start a line of their own
_BLOCKS = """address article aside blockquote body caption center dd details div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section
summary table tbody td tfoot th thead tr ul"""
BLOCK_TAGS = frozenset(_BLOCKS.split())
HEADING_TAGS = ("h1", "h2", "h3", "h4")

# a class or id naming page furniture: "breadcrumb", "top-nav", "footer", "bdsharebuttonbox",
# "xglj" (相关链接), "article-share", "friend_links", "position"
FURNITURE_NAME = regex.compile(
    r"(?i)(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|dqwz|footer|"
    r"foot|copyright|share|bdshare\w*|related|relate|xglj|xgwz|xgxx|sidebar|friend\w*|links|"
    r"login|search|banner|qrcode|ewm|pagination|pager|toolbar)(?=$|[\s_\-\d])"
)
# inline styles that hide an element: style="display: none", "visibility:hidden"
HIDDEN_STYLE = regex.compile(r"(?i)display\s*:\s*none|visibility\s*:\s*hidden")
# a class or id naming an article's body: "TRS_Editor", "TRS_UEDITOR", "article-content", "zoom",
# "artibody", "news_content", "Custom_UnionStyle", "detail", "zwnr" (正文内容)
BODY_NAME = regex.compile(
    r"(?i)trs_editor|ueditor|content|artibody|article|zoom|detail|main[\-_]?text|news[\-_]?text|"
    r"custom_unionstyle|con[\-_]?text|zwnr|wzzw|\bzw\b|\btext\b|fontzoom"
)
# a class or id naming an article's title: "article-title", "tit", "biaoti", "news_title"
TITLE_NAME = regex.compile(r"(?i)title|\btit\b|biaoti|\bbt\b")
# what separates the parts of a page's <title>: "关于…的通报_通知公告_云岭市人民政府",
# "通报 - 云岭市", "通报|云岭市"
TITLE_SEPARATOR = regex.compile(r"\s*(?:_|\||｜|\s[-–—]+\s|--|——)\s*")
# a label of the publish line: "发布时间：", "发布日期:", "来源：", "信息来源：", "【发布时间】"
PUBLISH_LABEL = regex.compile(
    r"(?:发布|发文|成文|更新|公开)?(?:时间|日期)\s*(?:[：:]|[】\]])"
    r"|(?:信息|文章|稿件|新闻)?来源\s*(?:[：:]|[】\]])"
)
# the counters and buttons on a publish line: "浏览次数：1234", "点击数:56次", "【字体：大 中 小】",
# "【打印】", "【关闭】", "分享到："
PUBLISH_NOISE = regex.compile(
    r"(?:浏览|访问|点击|阅读)(?:次数|量|数)?\s*[：:]\s*\d*\s*次?"
    r"|[\[【]?\s*字[体号]\s*[：:]?\s*[\[【]?\s*大\s*中\s*小\s*[\]】]?\s*[\]】]?"
    r"|[【\[](?:打印|关闭|收藏|打印本页|关闭窗口)[】\]]|分享到\s*[：:]?"
)
# a space after a label's colon: "发布时间： 2024-05-12"
SPACE_AFTER_COLON = regex.compile(r"(?<=[：:])\s+")
MAX_SPAN = 100  # a larger rowspan/colspan is a broken page, read as 1
MAX_PUBLISH_LINE = 200  # a longer block holding "来源：" is prose, not the publish line
MAX_LEAD_CHARS = 120  # text the body may have above its publish line (a title, a file number)


@dataclass(frozen=True)
class Found:
    """An element the page gave (None where the text came from elsewhere) and its text."""

    element: HtmlElement | None
    text: str


def _names(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".strip()


def _in_link(element: HtmlElement) -> bool:
    return any(a.tag == "a" for a in element.iterancestors()) or element.tag == "a"


def _pieces(element: HtmlElement) -> Iterator[tuple[str, bool]]:
    """The text nodes of ``element`` in order, each with whether a link holds it."""
    linked = _in_link(element)

    def walk(node: HtmlElement, in_link: bool) -> Iterator[tuple[str, bool]]:
        in_link = in_link or node.tag == "a"
        if node.text:
            yield node.text, in_link
        for child in node:
            if isinstance(child.tag, str):
                yield from walk(child, in_link)
            if child.tail:
                yield child.tail, in_link

    yield from walk(element, linked)


def text_counts(element: HtmlElement) -> tuple[int, int]:
    """Characters (no spaces) of ``element`` outside links and inside them."""
    total = _chars(element.text_content())
    if _in_link(element):
        return 0, total
    linked = sum(_chars(a.text_content()) for a in element.iter("a"))
    return total - linked, linked


def _chars(text: str) -> int:
    return len("".join(text.split()))


def substance(element: HtmlElement) -> int:
    """Text outside links, with every table cell counted as 10 characters more."""
    cells = sum(1 for _ in element.iter("td", "th"))
    return text_counts(element)[0] + 10 * cells


def strip_page(root: HtmlElement) -> None:
    """Take out what never is the article (see the module docstring), in place."""
    for element in list(root.iter(*DROPPED_TAGS)):
        element.drop_tree()
    for element in root.xpath("//*[@style]"):
        if HIDDEN_STYLE.search(element.get("style", "")):
            element.drop_tree()
    body = root.find("body")
    total = sum(text_counts(body if body is not None else root)) or 1
    for element in root.xpath("//nav | //footer | //aside | //*[@class or @id]"):
        if element.tag in ("html", "body"):
            continue
        furniture = element.tag in FURNITURE_TAGS or FURNITURE_NAME.search(_names(element))
        if furniture and sum(text_counts(element)) < total / 2:
            element.drop_tree()


def find_container(root: HtmlElement) -> HtmlElement:
    """The element holding the article (see the module docstring)."""
    body = root.find("body")
    top = body if body is not None else root
    named = [
        (substance(e), e)
        for e in top.iter()
        if isinstance(e.tag, str) and e.tag not in ("html", "body") and BODY_NAME.search(_names(e))
    ]
    best = max((s for s, _ in named), default=0)
    if best >= 20:
        close = [e for s, e in named if s >= 0.9 * best]
        return next(e for e in close if not any(o is not e and _holds(e, o) for o in close))
    node = top
    while True:
        total = substance(node)
        children = [(substance(c), c) for c in node if isinstance(c.tag, str)]
        if not children or total == 0:
            return node
        share, child = max(children, key=lambda sc: sc[0])
        if share < 0.75 * total or (child.tag == "table" and not is_layout_table(child)):
            return node
        node = child


def table_rows(table: HtmlElement) -> list[list[HtmlElement]]:
    """The cells of each row of ``table`` (not of the tables nested in it)."""
    rows = []
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table"), None) is table:
            rows.append([c for c in tr if c.tag in ("td", "th")])
    return rows


def span(cell: HtmlElement, name: str) -> int:
    """A cell's ``rowspan`` or ``colspan``; 1 when it is missing, not a number or absurd."""
    value = (cell.get(name) or "1").strip()
    digits = "".join(takewhile(str.isdigit, value))
    n = int(digits) if digits.isascii() and digits else 1
    return n if 1 <= n <= MAX_SPAN else 1


def is_layout_table(table: HtmlElement) -> bool:
    """A table that lays a page out rather than holding data: one column, or one of its cells
    holds a ``<div>`` or a table with 60% or more of the table's substance."""
    rows = table_rows(table)
    if max((sum(span(c, "colspan") for c in r) for r in rows), default=0) <= 1:
        return True
    total = substance(table) or 1
    return any(
        substance(box) >= 0.6 * total
        for row in rows
        for cell in row
        for box in cell.iter("div", "table")
        if box is not cell
    )


def _holds(outer: HtmlElement, inner: HtmlElement) -> bool:
    return any(a is outer for a in inner.iterancestors())


def inside(element: HtmlElement, container: HtmlElement) -> bool:
    return element is container or _holds(container, element)


def page_title(root: HtmlElement) -> str:
    """The text of ``<title>`` (read before ``strip_page`` drops the head)."""
    title = root.find(".//title")
    return squeeze(title.text_content()) if title is not None else ""


def find_title(
    root: HtmlElement,
    container: HtmlElement,
    head_title: str,
    render: Callable[[HtmlElement], str],
) -> Found | None:
    """The article's title (see the module docstring); ``render`` gives an element's text on
    one line."""
    parts = [p for p in TITLE_SEPARATOR.split(head_title) if p]
    guess = max(parts, key=len, default="")
    candidates = [
        e
        for e in root.iter()
        if isinstance(e.tag, str)
        and (e.tag in HEADING_TAGS or TITLE_NAME.search(_names(e)))
        and not inside(e, container)
        and not _holds(e, container)
        and text_counts(e)[0] > 0  # a site's logo or a link to another article is no title
    ]
    texts = [(e, render(e)) for e in candidates]
    texts = [(e, t) for e, t in texts if 4 <= len(t) <= 200]
    agree = [
        (e, t)
        for e, t in texts
        if guess and (t == guess or guess in t or (len(t) >= 8 and t in head_title))
    ]
    long = [(e, t) for e, t in texts if len(t) >= 8 and len(t) >= len(guess)]
    for found in (agree, long):
        for element, text in found:  # the innermost: a title box may hold the publish line
            if not any(_holds(element, other) for other, _ in found):
                return Found(element, text)
    if guess:
        return Found(None, guess)
    for element in container.iter("h1", "h2", "h3"):  # no <title>: a heading of the body
        text = render(element)
        if 6 <= len(text) <= 200:
            return Found(element, text)
    return None


def _block_of(element: HtmlElement) -> HtmlElement:
    node = element
    while node.tag not in BLOCK_TAGS and node.getparent() is not None:
        node = node.getparent()
    return node


def publish_text(element: HtmlElement) -> str:
    """The publish line in ``element``: its text nodes one space apart, counters dropped."""
    joined = " ".join(squeeze(t) for t, _ in _pieces(element) if t.strip())
    return squeeze(SPACE_AFTER_COLON.sub("", PUBLISH_NOISE.sub(" ", joined)))


def find_publish_line(
    root: HtmlElement, container: HtmlElement, after: HtmlElement | None
) -> Found | None:
    """The first block holding a publish label after the title's element (if there is one);
    in the article's body only at its top, outside a table ("完成时间：" in a cell is data)."""
    seen_title = after is None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element is after:
            seen_title = True
            continue
        if not seen_title or (after is not None and _holds(after, element)):
            continue
        own = [element.text or ""] + [c.tail or "" for c in element]
        if not any(PUBLISH_LABEL.search(t) for t in own):
            continue
        block = _block_of(element)
        if _holds(container, block) and not _at_top(container, block):
            continue
        text = publish_text(block)
        if PUBLISH_LABEL.search(text) and len(text) <= MAX_PUBLISH_LINE:
            return Found(block, text)
    return None if after is None else find_publish_line(root, container, None)


def _at_top(container: HtmlElement, block: HtmlElement) -> bool:
    """Whether ``block`` opens the body: no table around it, little text before it."""
    for ancestor in block.iterancestors():
        if ancestor is container:
            break
        if ancestor.tag == "table":
            return False
    before = 0
    for node in container.iter():
        if node is block:
            return True
        if node.tag == "table":
            return False
        before += len("".join((node.text or "").split()))
        if node is not container:
            before += len("".join((node.tail or "").split()))
        if before > MAX_LEAD_CHARS:
            return False
    return False
