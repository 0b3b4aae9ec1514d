"""HTML and XHTML, including pages saved from council web sites, as blocks.

Scripts, styles and navigation are dropped; headings, list items, table rows and paragraphs are kept
in document order. Text inside a block-level element is one block; nested blocks become their own.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning

from minutes.read.blocks import Layout, Piece

DROPPED = {
    "script", "style", "noscript", "nav", "svg", "button", "iframe", "form", "select",
    "template", "head", "object", "canvas", "input", "dialog",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = HEADINGS | {
    "p", "div", "li", "tr", "table", "ul", "ol", "dl", "dt", "dd", "section", "article", "main",
    "header", "footer", "aside", "blockquote", "pre", "body", "html", "figure", "figcaption",
    "address", "fieldset", "details", "summary", "caption", "thead", "tbody", "tfoot",
}  # fmt: skip
# Navigation chrome that sites mark by role or class rather than by <nav>.
CHROME = re.compile(
    r"\b(navbar|breadcrumb|cookie|skip-?link|menu|sidebar|site-?header|site-?footer|badge)\b", re.I
)
BOLD = {"b", "strong"}
CENTRED = re.compile(r"text-align\s*:\s*center", re.I)
HTML_START = re.compile(r"^(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype html|<html|<head|<body)", re.S)
MARKUP = re.compile(r"</?(p|br|div|span|li|ul|ol|b|i|strong|em|a|table|tr|td)\b[^>]*>", re.I)


def looks_like_html(head: str) -> bool:
    """A page, or text full of markup; not a table exported as tab-separated rows whose cells
    hold HTML fragments (each row's cells are read by the text reader)."""
    if HTML_START.match(head):
        return True
    marked = [line for line in head.splitlines() if has_markup(line)]
    in_rows = sum("\t" in line for line in marked)
    return head.count("</div>") + head.count("</p>") >= 5 and in_rows * 2 < len(marked)


def has_markup(text: str) -> bool:
    return bool(MARKUP.search(text))


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment, one line per paragraph or line break."""
    if not has_markup(fragment):
        return fragment.strip()
    soup = _soup(fragment)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    parts = [_inline_text(p) for p in soup.find_all(["p", "li", "div"]) if not p.find(["p", "li", "div"])]
    if not parts:
        parts = [soup.get_text(" ")]
    return "\n".join(part.strip() for part in parts if part.strip())


def _inline_text(tag: Tag) -> str:
    return re.sub(r"[ \t]+", " ", tag.get_text(" "))


def _is_chrome(tag: Tag) -> bool:
    # Controls are chrome, except where a site puts an item's title heading inside its expand button.
    control = tag.name == "button" or tag.get("role") == "button"
    if control:
        return tag.find(HEADINGS) is None
    if tag.name in DROPPED or tag.get("role") in ("navigation", "banner", "menu", "search"):
        return True
    if tag.get("aria-hidden") == "true" or (tag.get("hidden") is not None):
        return True
    marks = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
    return bool(marks and CHROME.search(marks))


def _cell_text(cell: Tag) -> str:
    """A cell's text; a cell holding whole sections (layout tables) keeps one line per block."""
    if cell.find(BLOCKS) is None:
        return _inline_text(cell).strip()
    pieces: list[Piece] = []
    _walk(cell, pieces, 0)
    return "\n".join(piece.text or " ".join(piece.cells) for piece in pieces)


def _walk(tag: Tag, pieces: list[Piece], depth: int) -> None:
    """Emit blocks for `tag`: inline runs become one block, block children recurse."""
    if tag.name == "tr":
        cells = tuple(_cell_text(cell) for cell in tag.find_all(["td", "th"], recursive=False))
        if any(cells):
            pieces.append(Piece("", "table_row", cells=tuple(c for c in cells if c)))
        return
    kind = "heading" if tag.name in HEADINGS else "list_item" if tag.name == "li" else "paragraph"
    level = int(tag.name[1]) if tag.name in HEADINGS else depth
    centred = tag.get("align") == "center" or bool(CENTRED.search(tag.get("style") or ""))
    run: list[tuple[str, bool]] = []  # the run's text, each part with whether it is set bold

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(part for part, _ in run)).strip()
        if text:
            bold = kind == "heading" or all(strong for part, strong in run if part.strip())
            layout = Layout(centred=centred, bold=bold)
            pieces.append(Piece(text, kind, level=level, lines=[(text, layout)]))
        run.clear()

    for child in tag.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not comments, CDATA or doctype
                run.append((str(child), False))
        elif isinstance(child, Tag) and not _is_chrome(child):
            if child.name == "br":
                flush()
            elif child.name in BLOCKS:
                flush()
                _walk(child, pieces, depth + (child.name in ("ul", "ol")))
            else:
                run.append((" " if child.name in ("td", "th") else "", False))
                if child.find(BLOCKS) is None:
                    run.append((_inline_text(child), child.name in BOLD))
                else:
                    flush()
                    _walk(child, pieces, depth)
    flush()


def _soup(markup: str | bytes) -> BeautifulSoup:
    """XHTML is read leniently as HTML, on purpose: saved pages are rarely valid XML."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


def read_html(path: Path, data: bytes) -> tuple[list[Piece], int, bool]:
    soup = _soup(data)
    pieces: list[Piece] = []
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if title:
        pieces.append(Piece(title, "heading", level=0))
    _walk(soup.body or soup, pieces, 0)
    return pieces, 1, False
