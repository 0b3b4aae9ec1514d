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


def _german_closed(tag: str) -> list[str]:
    c = _canaries(tag)
    return [
        f"Die Verwaltung erläutert den {c['text']}-Vertrag. Herr Konrad {c['person']} trägt Einwände vor.",
        f"Beschluss: Dem {c['decision']}-Angebot wird einstimmig zugestimmt.",
        f"Angebot {c['task']} prüfen V: Lotte Weidenkamp T: 30.06.2024",
        f"Anlage: Lageplan {c['attachment']}",
    ]


def _danish_closed(tag: str) -> list[str]:
    c = _canaries(tag)
    return [
        f"Forvaltningen fremlagde {c['text']}-aftalen. Kasper {c['person']} redegjorde for sagen.",
        f"Beslutning: {c['decision']}-tilbuddet blev godkendt.",
        f"Undersøge {c['task']}",
        "Ansvarlig: Lotte Weidenkamp",
        f"Bilag: Kort over {c['attachment']}",
    ]


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


def _german(name: str, before: list[str], title: str, after: list[str] = (), **kw) -> Shape:
    lines = [*GERMAN_HEADER, *GERMAN_PUBLIC, *before, title.format(**_canaries(name)), *after]
    return Shape(name, "de", (*lines, *_german_closed(name), *GERMAN_LAST), **kw)


def _danish(name: str, before: list[str], title: str, after: list[str] = (), **kw) -> Shape:
    lines = [*DANISH_HEADER, *DANISH_PUBLIC, *before, title.format(**_canaries(name)), *after]
    return Shape(name, "da", (*lines, *_danish_closed(name)), **kw)


def _listing(name: str) -> Shape:
    c = _canaries(name)
    lines = [
        *GERMAN_HEADER,
        "Tagesordnung:",
        "Öffentlicher Teil",
        f"1. {PUBLIC_TITLE['de']}",
        "Nichtöffentlicher Teil",
        f"2. Erwerb {c['title']}",
        *GERMAN_PUBLIC,
        f"## TOP 2 Erwerb {c['title']}",
        *_german_closed(name),
    ]
    return Shape(name, "de", tuple(lines))


def _closed_meeting(name: str) -> Shape:
    c = _canaries(name)
    lines = [
        "# Niederschrift über die nichtöffentliche Sitzung des Gartenausschusses",
        *GERMAN_HEADER[1:],
        f"## TOP 1 Erwerb {c['title']}",
        *_german_closed(name),
        "## TOP 2 Verschiedenes",
        "Keine Wortmeldungen.",
    ]
    return Shape(name, "de", tuple(lines), public_items=False)


def _sub_items(name: str) -> Shape:
    c = _canaries(name)
    closed = _german_closed(name)
    lines = [
        *GERMAN_HEADER,
        *GERMAN_PUBLIC,
        "## TOP 2 Grundstücksangelegenheiten (nichtöffentlich)",
        f"2.1 Erwerb {c['title']}",
        *closed[:2],
        f"2.2 Tausch am {c['attachment']}",
        *closed[2:],
        *GERMAN_LAST,
    ]
    return Shape(name, "de", tuple(lines))


def _parts_numbered(name: str) -> Shape:
    c = _canaries(name)
    lines = [
        *GERMAN_HEADER,
        f"## Ö 1 {PUBLIC_TITLE['de']}",
        "Beschluss: einstimmig angenommen.",
        f"## N 1 Erwerb {c['title']}",
        *_german_closed(name),
        "## Ö 2 Verschiedenes",
        "Keine Wortmeldungen.",
    ]
    return Shape(name, "de", tuple(lines))


def _unnumbered(name: str) -> Shape:
    c = _canaries(name)
    lines = [
        *GERMAN_HEADER,
        f"## {PUBLIC_TITLE['de']}",
        "Der Ausschuss stimmt der Sanierung zu.",
        f"## Erwerb {c['title']} (nichtöffentlich)",
        *_german_closed(name),
        "## Verschiedenes",
        "Keine Wortmeldungen.",
    ]
    return Shape(name, "de", tuple(lines), headings_only=True)


def _listed_elsewhere(name: str) -> Shape:
    c = _canaries(name)
    lines = [
        *GERMAN_HEADER,
        f"Inhalt: {PUBLIC_TITLE['de']}, Erwerb {c['title']}, Verschiedenes",
        *GERMAN_PUBLIC,
        f"## TOP 2 Erwerb {c['title']} (nichtöffentlich)",
        *_german_closed(name),
        "## TOP 9 Verschiedenes",
        f"Der Punkt Erwerb {c['title']} wird in der nächsten Sitzung fortgesetzt.",
    ]
    return Shape(name, "de", tuple(lines))


def _running_text(name: str) -> Shape:
    c = _canaries(name)
    lines = [
        *GERMAN_HEADER,
        *GERMAN_PUBLIC,
        f"## TOP 2 Erwerb {c['title']}",
        "Die Beratung dieses Punktes und der folgenden wird nichtöffentlich fortgesetzt, "
        "die Gäste verlassen den Saal.",
        *_german_closed(name),
    ]
    return Shape(name, "de", tuple(lines))


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
    _listing("listing"),
    _closed_meeting("meeting"),
    _sub_items("subitems"),
    _parts_numbered("parts"),
    _unnumbered("unnumbered"),
    _listed_elsewhere("contents"),
    _running_text("prose"),
    _danish("lukkede", ["Lukkede punkter"], "## Punkt 2: Køb af {title}"),
    _danish("parenthesis", [], "## Punkt 2 (Lukket): Køb af {title}"),
    _danish("lukketpunkt", [], "## Punkt 2: Køb af {title}", ["Lukket punkt"]),
    _danish("dagsorden", ["Lukket dagsorden"], "## Punkt 2: Køb af {title}"),
    Shape(
        "moede",
        "da",
        (
            "# Referat af lukket møde i Haveudvalget",
            *DANISH_HEADER[1:],
            "## Punkt 1: Køb af {title}".format(**_canaries("moede")),
            *_danish_closed("moede"),
        ),
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
