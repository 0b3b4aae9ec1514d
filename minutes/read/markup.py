"""Markdown (with front matter) and AsciiDoc as blocks.

Both are read line by line, because minutes written in them are mostly headings, bullet lists and
"Label: value" lines; inline markup is stripped so that extraction sees the words.
"""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter

from minutes.read.blocks import Piece, add_line, text_layout, wrap_width
from minutes.read.html import fragment_text, has_markup
from minutes.read.text import BULLET, RULE, decode

LINK = re.compile(r"!?\[([^\]]{0,500})\]\([^)]{0,2000}\)")
# Emphasis spans a bounded stretch, so that a line of thousands of markers is read in linear time.
EMPHASIS = re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.{1,500}?)(?<=\S)\1")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
MD_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
QUOTE = re.compile(r"^\s*(>\s?)+")
MD_NUMBERED = re.compile(r"^(\s*)(\d+[.)])\s+(\S.*)$")
ADOC_HEADING = re.compile(r"^(={1,6})\s+(\S.*)$")
ADOC_BULLET = re.compile(r"^(\*{1,5}|\.{1,5}|-)\s+(\S.*)$")
ADOC_SKIP = re.compile(
    r"^(//.*|:[\w-]+:.*|\[[\w#.,=\"' -]*\]|\|===|----|\.\.\.\.|ifdef::.*|endif::.*|toc::.*)$"
)
FENCE = re.compile(r"^\s*(```|~~~)")


def strip_inline(text: str) -> str:
    text = LINK.sub(r"\1", text)
    for _ in range(2):  # nested emphasis such as **_x_**
        text = EMPHASIS.sub(r"\2", text)
    text = ESCAPE.sub(r"\1", text)
    if has_markup(text):
        text = fragment_text(text).replace("\n", " ")
    return text.strip()


def _table_cells(line: str) -> tuple[str, ...] | None:
    body = line.strip()
    if not (body.startswith("|") and body.count("|") >= 2):
        return None
    cells = [strip_inline(c) for c in body.strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c.replace(" ", "")) or not c for c in cells):
        return ()
    return tuple(cells)


def markdown_pieces(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    lines = [QUOTE.sub("", line) for line in text.splitlines()]
    # Open ordered lists as (indent, current number): Markdown renders "1. 1. 1." as 1, 2, 3, so the
    # numbers are counted as a reader sees them, nested ones as "2.1".
    ordered: list[tuple[int, int]] = []
    in_fence = False
    width = wrap_width(lines)
    blank: int | None = None  # blank lines since the last line of text; None before the first
    for index, raw in enumerate(lines):
        if FENCE.match(raw):
            in_fence = not in_fence
            continue
        line = raw.rstrip()
        if not line.strip():
            blank = (blank or 0) + 1
            continue
        layout = text_layout(line, blank)
        joins = blank == 0 and bool(pieces) and pieces[-1].kind in ("paragraph", "list_item")
        blank = 0
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not in_fence:
            if re.fullmatch(r"\s*(=+|-+)\s*", following) and not BULLET.match(line):
                ordered.clear()
                level = 1 if following.strip().startswith("=") else 2
                title = strip_inline(line)
                pieces.append(Piece(title, "heading", level=level, lines=[(title, layout)]))
                continue
            if RULE.match(line) or re.fullmatch(r"\s*(=+|-+)\s*", line):
                continue
            heading = MD_HEADING.match(line)
            if heading:
                ordered.clear()
                title = strip_inline(heading[2])
                layout.marker = heading[1]
                pieces.append(Piece(title, "heading", level=len(heading[1]), lines=[(title, layout)]))
                continue
            cells = _table_cells(line)
            if cells is not None:
                if cells:
                    pieces.append(Piece("", "table_row", cells=cells, lines=[("", layout)]))
                continue
        expanded = line.expandtabs(4)
        bullet = BULLET.match(expanded)
        if bullet:
            _close_lists(ordered, len(bullet["indent"]), inclusive=True)
            marker = bullet["marker"]
            checkbox = marker.startswith("[")
            body = strip_inline(f"{marker} {bullet['body']}" if checkbox else bullet["body"])
            layout.marker = None if checkbox else marker
            pieces.append(Piece(body, "list_item", level=len(bullet["indent"]) // 2, lines=[(body, layout)]))
            continue
        numbered = MD_NUMBERED.match(expanded)
        if numbered:
            indent = len(numbered[1])
            _close_lists(ordered, indent, inclusive=False)
            if ordered and ordered[-1][0] == indent:
                ordered[-1] = (indent, ordered[-1][1] + 1)
            else:
                ordered.append((indent, int(numbered[2][:-1])))
            label = ".".join(str(number) for _, number in ordered)
            label += numbered[2][-1] if len(ordered) == 1 else ""
            body = strip_inline(f"{label} {numbered[3]}")
            pieces.append(Piece(body, "list_item", level=indent // 2, lines=[(body, layout)]))
            continue
        if not expanded.startswith(" "):
            ordered.clear()
        add_line(
            pieces,
            strip_inline(line),
            joins=joins and not in_fence,
            indented=expanded[:1].isspace(),
            width=width,
            layout=layout,
        )
    return pieces


def _close_lists(ordered: list[tuple[int, int]], indent: int, *, inclusive: bool) -> None:
    """End the ordered lists nested deeper than `indent` (and the one at `indent` if inclusive)."""
    while ordered and (ordered[-1][0] > indent or (inclusive and ordered[-1][0] == indent)):
        ordered.pop()


def read_markdown(path: Path, data: bytes) -> tuple[list[Piece], int, bool]:
    text = decode(path, data)
    try:
        post = frontmatter.loads(text)
        metadata, body = post.metadata, post.content
    except Exception:  # malformed front matter is read as text, never a reason to fail
        metadata, body = {}, text
    pieces = [Piece(f"{key}: {value}") for key, value in metadata.items() if value not in (None, "")]
    return pieces + markdown_pieces(body), 1, False


def asciidoc_pieces(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or ADOC_SKIP.match(line) or line == "+":
            continue
        line = re.sub(r"\s\+$", "", line)
        heading = ADOC_HEADING.match(line)
        if heading:
            pieces.append(Piece(strip_inline(heading[2]), "heading", level=len(heading[1])))
            continue
        bullet = ADOC_BULLET.match(line)
        if bullet:
            pieces.append(Piece(strip_inline(bullet[2]), "list_item", level=len(bullet[1]) - 1))
            continue
        if line.startswith("|"):
            cells = tuple(strip_inline(c) for c in line.strip("|").split("|"))
            pieces.append(Piece("", "table_row", cells=cells))
            continue
        pieces.append(Piece(strip_inline(line)))
    return pieces


def read_asciidoc(path: Path, data: bytes) -> tuple[list[Piece], int, bool]:
    return asciidoc_pieces(decode(path, data)), 1, False
