"""Protocols with closed (non-public) parts in the shapes councils write them, with canary words.

Every closed item carries a canary in its title, text, decision, a person named only there, a task
and an attachment; each canary is a made-up root and a tag naming the shape, so that a leak says
where it came from. Lines starting "# " are the document title, "## " an item heading: each format
renders them as its own kind of heading. All names and places are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from fpdf import FPDF
from odfdo import Document, Header, Paragraph

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
# The roots of the canary words; a canary is a root and a shape's tag ("Kauzbrunnregion").
ROOTS = {
    "title": "Kauzbrunn",
    "text": "Quastenmolch",
    "decision": "Bernsteinfalk",
    "person": "Mistelzweig",
    "task": "Kiesgrubenplan",
    "attachment": "Mondscheinweg",
}
PUBLIC_TITLE = {"de": "Sanierung des Brunnenplatzes", "da": "Renovering af torvet"}


@dataclass(frozen=True)
class Shape:
    name: str
    lang: str
    lines: tuple[str, ...]
    public_items: bool = True  # the shape has a public item that must still be published
    headings_only: bool = False  # its items are known by heading style alone (not in plain text)

    def canary(self, kind: str) -> str:
        return f"{ROOTS[kind]}{self.name.replace('_', '')}"


def _canaries(tag: str) -> dict[str, str]:
    return {kind: f"{root}{tag.replace('_', '')}" for kind, root in ROOTS.items()}


# The closed item's lines in each language, with a canary in its text, decision, person, task and attachment.
CLOSED_LINES = {
    "de": [
        "Die Verwaltung erläutert den {text}-Vertrag. Herr Konrad {person} trägt Einwände vor.",
        "Beschluss: Dem {decision}-Angebot wird einstimmig zugestimmt.",
        "Angebot {task} prüfen V: Lotte Weidenkamp T: 30.06.2024",
        "Anlage: Lageplan {attachment}",
    ],
    "da": [
        "Forvaltningen fremlagde {text}-aftalen. Kasper {person} redegjorde for sagen.",
        "Beslutning: {decision}-tilbuddet blev godkendt.",
        "Undersøge {task}",
        "Ansvarlig: Lotte Weidenkamp",
        "Bilag: Kort over {attachment}",
    ],
}


GERMAN_HEADER = [
    "# Niederschrift über die Sitzung des Gartenausschusses",
    "Datum: 14.05.2024",
    "Anwesend: Lotte Weidenkamp, Rasmus Holunder, Greta Sauerampfer",
]
GERMAN_PUBLIC = [
    f"## TOP 1 {PUBLIC_TITLE['de']}",
    "Der Ausschuss stimmt der Sanierung zu.",
    "Beschluss: einstimmig angenommen.",
]
GERMAN_LAST = ["## TOP 9 Verschiedenes", "Es gibt keine Wortmeldungen."]
DANISH_HEADER = [
    "# Referat af møde i Haveudvalget",
    "Mødedato: 14. maj 2024",
    "Deltagere: Lotte Weidenkamp, Rasmus Hyld, Greta Syre",
]
DANISH_PUBLIC = [f"## Punkt 1: {PUBLIC_TITLE['da']}", "Beslutning: Godkendt."]


CLOSED_BODY = "<closed>"  # in a template: the closed item's text, decision, person, task, attachment
GERMAN_PUBLIC_TEXT = "Der Ausschuss stimmt der Sanierung zu."


def _shape(name: str, lang: str, template: list[str], **kw) -> Shape:
    """A shape from its template: "{title}" and the other canary kinds are filled in, and the line
    CLOSED_BODY becomes the closed item's lines."""
    values = {**_canaries(name), "public": PUBLIC_TITLE[lang]}
    lines: list[str] = []
    for line in template:
        lines += (
            [body.format(**values) for body in CLOSED_LINES[lang]]
            if line == CLOSED_BODY
            else [line.format(**values)]
        )
    return Shape(name, lang, tuple(lines), **kw)


def _german(name: str, before: list[str], title: str, after: list[str] = ()) -> Shape:
    """The common German shape: a public item, then a closed one marked as `before`, `title`, `after` say."""
    template = [*GERMAN_HEADER, *GERMAN_PUBLIC, *before, title, *after, CLOSED_BODY, *GERMAN_LAST]
    return _shape(name, "de", template)


def _danish(name: str, before: list[str], title: str, after: list[str] = ()) -> Shape:
    return _shape(name, "da", [*DANISH_HEADER, *DANISH_PUBLIC, *before, title, *after, CLOSED_BODY])


SHAPES = [
    _german("region", ["Nichtöffentlicher Teil"], "## TOP 2 Erwerb {title}"),
    _german("session", ["Nicht öffentliche Sitzung"], "## TOP 2 Erwerb {title}"),
    _german("hyphen", ["NICHT-ÖFFENTLICHER TEIL"], "## TOP 2 Erwerb {title}"),
    _german("below", [], "## TOP 2 Erwerb {title}", ["nichtöffentlich"]),
    _german("transliterated", [], "## TOP 2 Erwerb {title} (nichtoeffentlich)"),
    _german("abbreviated", [], "## TOP 2 (nö) Erwerb {title}"),
    _german("shortened", [], "## TOP 2 Erwerb {title} (nichtöffentl.)"),
    _german("letter", [], "## TOP 2 N: Erwerb {title}"),
    _german(
        "long",
        [],
        "## TOP 2 Erwerb {title} an der Südseite des Bauhofs zur Erweiterung der Lagerflächen für den "
        "Winterdienst der kommenden Jahre – nichtöffentlich",
    ),
    # the agenda listed in parts at the top; the minutes below repeat it without the cue
    _shape(
        "listing",
        "de",
        [
            *GERMAN_HEADER,
            "Tagesordnung:",
            "Öffentlicher Teil",
            "1. {public}",
            "Nichtöffentlicher Teil",
            "2. Erwerb {title}",
            *GERMAN_PUBLIC,
            "## TOP 2 Erwerb {title}",
            CLOSED_BODY,
        ],
    ),
    _shape(
        "meeting",
        "de",
        [
            "# Niederschrift über die nichtöffentliche Sitzung des Gartenausschusses",
            *GERMAN_HEADER[1:],
            "## TOP 1 Erwerb {title}",
            CLOSED_BODY,
            "## TOP 2 Verschiedenes",
            "Keine Wortmeldungen.",
        ],
        public_items=False,
    ),
    # sub-items of a closed item, one of them with the attachment canary in its title
    _shape(
        "subitems",
        "de",
        [
            *GERMAN_HEADER,
            *GERMAN_PUBLIC,
            "## TOP 2 Grundstücksangelegenheiten (nichtöffentlich)",
            "2.1 Erwerb {title}",
            CLOSED_BODY,
            "2.2 Tausch am {attachment}",
            "Keine Einwände.",
            *GERMAN_LAST,
        ],
    ),
    _shape(
        "parts",
        "de",
        [
            *GERMAN_HEADER,
            "## Ö 1 {public}",
            "Beschluss: einstimmig angenommen.",
            "## N 1 Erwerb {title}",
            CLOSED_BODY,
            "## Ö 2 Verschiedenes",
            "Keine Wortmeldungen.",
        ],
    ),
    _shape(
        "unnumbered",
        "de",
        [
            *GERMAN_HEADER,
            "## {public}",
            GERMAN_PUBLIC_TEXT,
            "## Erwerb {title} (nichtöffentlich)",
            CLOSED_BODY,
            "## Verschiedenes",
            "Keine Wortmeldungen.",
        ],
        headings_only=True,
    ),
    # the closed title in a table of contents and in a public item's text
    _shape(
        "contents",
        "de",
        [
            *GERMAN_HEADER,
            "Inhalt: {public}, Erwerb {title}, Verschiedenes",
            *GERMAN_PUBLIC,
            "## TOP 2 Erwerb {title} (nichtöffentlich)",
            CLOSED_BODY,
            "## TOP 9 Verschiedenes",
            "Der Punkt Erwerb {title} wird in der nächsten Sitzung fortgesetzt.",
        ],
    ),
    # a cue in running text: where the closed part ends is unknown
    _shape(
        "prose",
        "de",
        [
            *GERMAN_HEADER,
            *GERMAN_PUBLIC,
            "## TOP 2 Erwerb {title}",
            "Die Beratung dieses Punktes und der folgenden wird nichtöffentlich fortgesetzt, "
            "die Gäste verlassen den Saal.",
            CLOSED_BODY,
        ],
    ),
    # a cue in running text that says nothing of what follows: only its own item is closed
    _german(
        "mention",
        [],
        "## TOP 2 Erwerb {title}",
        [
            "Über den Kaufpreis wurde bereits in nichtöffentlicher Sitzung am 2. Mai beraten, "
            "heute folgt die Vergabe."
        ],
    ),
    _danish("lukkede", ["Lukkede punkter"], "## Punkt 2: Køb af {title}"),
    _danish("parenthesis", [], "## Punkt 2 (Lukket): Køb af {title}"),
    _danish("lukketpunkt", [], "## Punkt 2: Køb af {title}", ["Lukket punkt"]),
    _danish("dagsorden", ["Lukket dagsorden"], "## Punkt 2: Køb af {title}"),
    _shape(
        "moede",
        "da",
        [
            "# Referat af lukket møde i Haveudvalget",
            *DANISH_HEADER[1:],
            "## Punkt 1: Køb af {title}",
            CLOSED_BODY,
        ],
        public_items=False,
    ),
]


def _plain(line: str) -> str:
    return line.removeprefix("## ").removeprefix("# ")


def write(shape: Shape, folder: Path, fmt: str) -> Path:
    """The shape as a file of format `fmt` (txt, md, html, docx, odt, pdf)."""
    path = folder / f"{shape.name}-{shape.lang}.{fmt}"
    lines = shape.lines
    if fmt == "txt":
        path.write_text("\n\n".join(_plain(line) for line in lines) + "\n", encoding="utf-8")
    elif fmt == "md":
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "html":
        body = "".join(
            f"<h1>{_plain(line)}</h1>"
            if line.startswith("# ")
            else f"<h2>{_plain(line)}</h2>"
            if line.startswith("## ")
            else f"<p>{line}</p>"
            for line in lines
        )
        path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    elif fmt == "docx":
        document = docx.Document()
        for line in lines:
            level = 1 if line.startswith("# ") else 2 if line.startswith("## ") else 0
            (document.add_heading(_plain(line), level=level) if level else document.add_paragraph(line))
        document.save(str(path))
    elif fmt == "odt":
        document = Document("text")
        for line in lines:
            level = 1 if line.startswith("# ") else 2 if line.startswith("## ") else 0
            document.body.append(Header(level, _plain(line)) if level else Paragraph(line))
        document.save(str(path))
    elif fmt == "pdf":
        _write_pdf(lines, path)
    return path


def _write_pdf(lines: tuple[str, ...], path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(BOLD))
    pdf.add_page()
    for line in lines:
        heading = line.startswith("#")
        pdf.set_font("DejaVu", style="B" if heading else "", size=13 if heading else 10)
        pdf.multi_cell(0, 6, _plain(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))


FORMATS = ("txt", "md", "html", "docx", "odt", "pdf")
