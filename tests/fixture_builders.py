"""Render the project's own authored protocols (tests/fixtures) into every format minutes reads.

The text fixtures are the source of truth; PDF, DOCX, ODT, HTML, re-encoded text and a scanned page
are made from them, so each format is tested on the same content.
"""

from __future__ import annotations

from pathlib import Path

import docx
from fpdf import FPDF
from odfdo import Document, Header, List, Paragraph
from PIL import Image, ImageDraw, ImageFont

FIXTURES = Path(__file__).parent / "fixtures"
GERMAN_MINUTES = FIXTURES / "de" / "bauausschuss-niederschrift.txt"
DANISH_MINUTES = FIXTURES / "da" / "teknik-udvalg-referat.md"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# Characters outside Latin-1 in the authored German text, and their Latin-1 stand-ins.
LATIN1_STANDINS = str.maketrans({"„": '"', "“": '"', "–": "-"})


def german_lines() -> list[str]:
    return GERMAN_MINUTES.read_text(encoding="utf-8").splitlines()


def write_encodings(folder: Path) -> dict[str, Path]:
    """The German text as UTF-8 with BOM, UTF-16 with BOM, cp1252 and Latin-1."""
    text = GERMAN_MINUTES.read_text(encoding="utf-8")
    variants = {
        "utf-8-sig": text.encode("utf-8-sig"),
        "utf-16": text.encode("utf-16"),
        "cp1252": text.encode("cp1252"),
        "latin-1": text.translate(LATIN1_STANDINS).encode("latin-1"),
    }
    paths = {}
    for name, data in variants.items():
        paths[name] = folder / f"niederschrift-{name}.txt"
        paths[name].write_bytes(data)
    return paths


def write_pdf(path: Path) -> Path:
    """Two pages with a running header and "Seite N von M" footer; attendance in two columns."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(FONT))
    lines = german_lines()

    def new_page() -> None:
        pdf.add_page()
        pdf.set_font("DejaVu", size=8)
        pdf.text(20, 12, "Gemeinde Lindenhain · Bau- und Umweltausschuss")
        pdf.text(170, 287, f"Seite {pdf.page_no()} von 2")
        pdf.set_font("DejaVu", size=11)

    new_page()
    y = 30.0
    for line in lines:
        if line.startswith("Anwesend:"):
            present = [n.strip() for n in line.removeprefix("Anwesend:").split(",")]
            excused = [
                n.strip() for n in lines[lines.index(line) + 1].removeprefix("Entschuldigt:").split(",")
            ]
            pdf.text(20, y, "Anwesend")
            pdf.text(120, y, "Entschuldigt")
            for row in range(max(len(present), len(excused))):
                y += 6
                if row < len(present):
                    pdf.text(20, y, present[row])
                if row < len(excused):
                    pdf.text(120, y, excused[row])
            y += 10
            continue
        if line.startswith("Entschuldigt:"):
            continue
        if line.startswith("TOP 3"):
            new_page()
            y = 30.0
        if line.strip():
            pdf.text(20, y, line)
        y += 6
    pdf.output(str(path))
    return path


def write_encrypted_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "Vertrauliche Niederschrift")
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A page that is only a picture of text, as a scanner makes it."""
    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    y = 150
    for line in german_lines()[:14]:
        if line.strip():
            draw.text((150, y), line, fill=0, font=font)
        y += 70
    image.save(path, "PDF", resolution=200)
    return path


def write_docx(path: Path) -> Path:
    """The German minutes with heading styles, a list and the attendance as a table."""
    document = docx.Document()
    lines = german_lines()
    document.add_heading(lines[1], level=1)
    table = document.add_table(rows=0, cols=2)
    for line in lines[2:]:
        if not line.strip():
            continue
        label, _, value = line.partition(":")
        if label in ("Datum", "Beginn", "Ende", "Ort", "Anwesend", "Entschuldigt", "Protokoll"):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = f"{label}:", value.strip()
        elif line.startswith("TOP"):
            document.add_heading(line, level=2)
        elif " V: " in line:
            document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_odt(path: Path) -> Path:
    document = Document("text")
    body = document.body
    lines = german_lines()
    body.append(Header(1, lines[1]))
    for line in lines[2:]:
        if not line.strip():
            continue
        if line.startswith("TOP"):
            body.append(Header(2, line))
        elif " V: " in line:
            body.append(List([line]))
        else:
            body.append(Paragraph(line))
    document.save(str(path))
    return path


def write_aspx(path: Path) -> Path:
    """The Danish referat as a council web page saved with an .aspx name, with site chrome."""
    rows = []
    for line in DANISH_MINUTES.read_text(encoding="utf-8").splitlines():
        text = line.replace("**", "")
        if line.startswith("# "):
            rows.append(f"<h1>{text[2:]}</h1>")
        elif line.startswith("## "):
            rows.append(f"<h2>{text[3:]}</h2>")
        elif line.startswith("### "):
            rows.append(f"<h3>{text[4:]}</h3>")
        elif line.startswith("- "):
            rows.append(f"<ul><li>{text[2:]}</li></ul>")
        elif text.strip():
            rows.append(f"<p>{text}</p>")
    page = (
        "<!DOCTYPE html><html><head><title>Referat</title><script>window.x = 'Beslutning';</script>"
        '</head><body><div class="navbar"><a href="/">Forside</a> <a href="/politik">Politik</a></div>'
        f"<main>{''.join(rows)}</main><footer>Kommunen · Cookies</footer></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def write_placed_pdf(path: Path, rows: list[tuple[float, float, str]], bold: set[int] = frozenset()) -> Path:
    """A one-page PDF with each text at its place (x, y in mm, 11 pt); rows numbered in `bold` bold."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.add_page()
    for index, (x, y, text) in enumerate(rows):
        pdf.set_font("DejaVu", style="B" if index in bold else "", size=11)
        pdf.text(x, y, text)
    pdf.output(str(path))
    return path
