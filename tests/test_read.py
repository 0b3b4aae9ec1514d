"""Readers: every format of the authored fixtures becomes the same blocks, with pages and offsets."""

from __future__ import annotations

import pytest

from minutes.read import read

from fixture_builders import DANISH_MINUTES, FIXTURES, GERMAN_MINUTES, LATIN1_STANDINS


def texts(raw) -> list[str]:
    return [block.text for block in raw.blocks]


def test_block_offsets_point_into_document_text():
    raw = read(GERMAN_MINUTES)
    for block in raw.blocks:
        assert raw.text[block.start : block.end] == block.text


def test_plain_text_lines_become_blocks():
    raw = read(GERMAN_MINUTES)
    assert raw.media_type == "text/plain"
    assert texts(raw)[:3] == [
        "Gemeinde Lindenhain",
        "Niederschrift über die 12. Sitzung des Bau- und Umweltausschusses",
        "Datum: Dienstag, 14.03.2023",
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_encodings_decode_without_mojibake(built, encoding):
    expected = texts(read(GERMAN_MINUTES))
    if encoding == "latin-1":
        expected = [t.translate(LATIN1_STANDINS) for t in expected]
    assert texts(read(built[f"text-{encoding}"])) == expected


def test_pdf_pages_running_header_and_footer_dropped(built):
    raw = read(built["pdf"])
    assert raw.pages == 2
    assert not any("Seite" in t or "Gemeinde Lindenhain ·" in t for t in texts(raw))
    top3 = next(b for b in raw.blocks if b.text.startswith("TOP 3"))
    assert top3.page == 2
    assert next(b for b in raw.blocks if b.text.startswith("TOP 1")).page == 1


def test_pdf_columns_are_not_interleaved(built):
    found = texts(read(built["pdf"]))
    start = found.index("Anwesend")
    assert found[start : start + 9] == [
        "Anwesend",
        "Bürgermeisterin Dr. Karin Albers (Vorsitz)",
        "Stefan Brunner",
        "Monika Keller",
        "Tobias Lange",
        "Petra Wendel",
        "Entschuldigt",
        "Markus Hoffmann",
        "Sabine Richter",
    ]


def test_docx_headings_tables_and_lists(built):
    raw = read(built["docx"])
    kinds = {b.text: b.kind for b in raw.blocks}
    assert kinds["Niederschrift über die 12. Sitzung des Bau- und Umweltausschusses"] == "heading"
    assert kinds["TOP 2: Bebauungsplan „Am Mühlbach“ – Aufstellungsbeschluss"] == "heading"
    assert kinds["Angebote für die Dachsanierung einholen V: Tobias Lange T: 30.04.2023"] == "list_item"
    row = next(b for b in raw.blocks if b.kind == "table_row" and b.cells[0] == "Entschuldigt:")
    assert row.cells == ("Entschuldigt:", "Markus Hoffmann, Sabine Richter")


def test_odt_headings_and_lists(built):
    raw = read(built["odt"])
    kinds = {b.text: b.kind for b in raw.blocks}
    assert kinds["TOP 4: Verschiedenes"] == "heading"
    assert kinds["Angebote für die Dachsanierung einholen V: Tobias Lange T: 30.04.2023"] == "list_item"
    assert "Ende: 20:15 Uhr" in kinds


def test_saved_web_page_recognised_by_content_and_chrome_dropped(built):
    raw = read(built["aspx"])
    assert raw.media_type == "text/html"
    found = texts(raw)
    assert "Forside" not in " ".join(found)
    assert "window.x" not in raw.text
    assert "Punkt 2: Trafiksikkerhedsplan 2024" in found
    assert next(b for b in raw.blocks if b.text == "Beslutning").kind == "heading"


def test_html_drops_navigation_scripts_and_footer():
    raw = read(FIXTURES / "da" / "pressemeddelelse.html")
    assert "tracking" not in raw.text
    assert "Forside" not in raw.text
    assert "Cookiepolitik" not in raw.text
    assert ("list_item", "Pressechef Maja Thomsen, tlf. 12 34 56 78") in [
        (b.kind, b.text) for b in raw.blocks
    ]


def test_markdown_headings_lists_and_inline_markup():
    raw = read(DANISH_MINUTES)
    assert raw.media_type == "text/markdown"
    assert raw.blocks[0].kind == "heading"
    assert raw.blocks[0].text == "Referat – Teknik- og Miljøudvalget"
    assert "Mødested: Rådhuset, mødelokale 3" in texts(raw)
    assert ("list_item", "Udkast til trafiksikkerhedsplan") in [(b.kind, b.text) for b in raw.blocks]


def test_markdown_front_matter_becomes_label_lines(tmp_path):
    path = tmp_path / "protokoll.md"
    path.write_text("---\ntitle: Vorstandssitzung\ndate: 2024-01-05\n---\n\n# Protokoll\n\nText.\n")
    assert texts(read(path))[:3] == ["title: Vorstandssitzung", "date: 2024-01-05", "Protokoll"]


def test_asciidoc_headings_lists_and_line_continuations(tmp_path):
    path = tmp_path / "protokoll.adoc"
    path.write_text(
        "= Protokoll Gruppe 7\n:toc:\n\n== Organisatorisches\nOrt: Raum 2 +\nBeginn: 18:00 Uhr\n\n"
        "* Punkt eins\n** Unterpunkt\n",
        encoding="utf-8",
    )
    raw = read(path)
    assert [(b.kind, b.level, b.text) for b in raw.blocks] == [
        ("heading", 1, "Protokoll Gruppe 7"),
        ("heading", 2, "Organisatorisches"),
        ("paragraph", 0, "Ort: Raum 2"),
        ("paragraph", 0, "Beginn: 18:00 Uhr"),
        ("list_item", 0, "Punkt eins"),
        ("list_item", 1, "Unterpunkt"),
    ]


def test_text_with_html_fragments_in_tab_separated_rows(tmp_path):
    path = tmp_path / "workshop.txt"
    path.write_text(
        "Protokoll vom Workshop am 03.11.2021\n\n"
        "1. Einführung\tKurze Vorstellung der Teilnehmenden\n"
        "<p>2. Ergebnisse</p>\t<p>Es wurde vereinbart:</p> <p>a) Termine festlegen V: AG T: 12/2021</p>\n",
        encoding="utf-8",
    )
    rows = [b for b in read(path).blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [
        ("1. Einführung", "Kurze Vorstellung der Teilnehmenden"),
        ("2. Ergebnisse", "Es wurde vereinbart:\na) Termine festlegen V: AG T: 12/2021"),
    ]


def _one_item_per_page(path, pages: int, reference: bool) -> None:
    """A referat with one item per page, a running header, and (with `reference`) the item's case
    number on the line under its heading, as council referats print them."""
    from fpdf import FPDF

    from fixture_builders import FONT

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(FONT))
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=8)
        pdf.text(20, 12, "Referat · Udvalget for Natur og Vand · 12. marts 2025")
        pdf.text(170, 287, f"Side {number} af {pages}")
        pdf.set_font("DejaVu", size=11)
        pdf.text(20, 30, f"Punkt {number}: Vandløbsregulativ for Bæk {number}")
        if reference:
            pdf.text(20, 37, f"NAT-2025-{4100 + number:06d}")
        pdf.text(20, 46, f"Udvalget godkendte indstillingen for bæk {number}.")
        pdf.text(20, 53, "Sagen blev behandlet på mødet.")
    pdf.output(str(path))


def test_a_case_number_under_each_item_heading_is_no_running_header(tmp_path):
    _one_item_per_page(tmp_path / "referat.pdf", 6, reference=True)
    found = texts(read(tmp_path / "referat.pdf"))
    assert found[:3] == [
        "Punkt 1: Vandløbsregulativ for Bæk 1",
        "NAT-2025-004101",
        "Udvalget godkendte indstillingen for bæk 1.",
    ]
    assert [t for t in found if t.startswith("NAT-")] == [f"NAT-2025-{4100 + n:06d}" for n in range(1, 7)]
    assert not any(t.startswith(("Referat ·", "Side ")) for t in found)


def test_a_long_pdf_with_one_item_per_page_keeps_every_item(tmp_path):
    _one_item_per_page(tmp_path / "long.pdf", 2000, reference=False)
    raw = read(tmp_path / "long.pdf")
    headings = [b for b in raw.blocks if b.text.startswith("Punkt ")]
    assert len(headings) == 2000
    assert headings[-1].text == "Punkt 2000: Vandløbsregulativ for Bæk 2000" and headings[-1].page == 2000


HARD_WRAPPED = """# Protokoll der Mitgliederversammlung des Kleingartenvereins Sonnenwinkel

Anwesend: Frieda Mohnblum, Jasper Quendel, Walburga Ehrenpreis, Konstantin
Wiesenkerbel, Ottilie Sauerklee

## TOP 1 Bericht des Vorstands

Der Vorstand berichtet über die Sanierung der Wasserleitungen im hinteren
Teil der Anlage und über die Beschaffung eines neuen Rasenmähers für die
Gemeinschaftsflächen.

- Jasper Quendel holt drei Angebote für den Zaun am Nordeingang ein und
  stellt sie bei der nächsten Sitzung vor.
- Beschluss: Der Bericht wird einstimmig angenommen.

Ende: 21:10 Uhr
"""


def test_hard_wrapped_paragraphs_are_joined_again(tmp_path):
    for name in ("protokoll.md", "protokoll.txt"):
        path = tmp_path / name
        path.write_text(HARD_WRAPPED, encoding="utf-8")
        found = [(block.kind, block.text) for block in read(path).blocks]
        assert found[1] == (
            "paragraph",
            "Anwesend: Frieda Mohnblum, Jasper Quendel, Walburga Ehrenpreis, Konstantin "
            "Wiesenkerbel, Ottilie Sauerklee",
        ), name
        assert found[3][1] == (
            "Der Vorstand berichtet über die Sanierung der Wasserleitungen im hinteren Teil der Anlage "
            "und über die Beschaffung eines neuen Rasenmähers für die Gemeinschaftsflächen."
        ), name
        assert found[4] == (
            "list_item",
            "Jasper Quendel holt drei Angebote für den Zaun am Nordeingang ein und stellt sie bei der "
            "nächsten Sitzung vor.",
        ), name
        assert found[5:] == [
            ("list_item", "Beschluss: Der Bericht wird einstimmig angenommen."),
            ("paragraph", "Ende: 21:10 Uhr"),
        ], name


def test_a_number_alone_on_its_line_is_joined_with_its_title(tmp_path):
    path = tmp_path / "referat.txt"
    path.write_text(
        "Referat\n\n3.)\nGodkendelse af regnskab\nRegnskabet blev godkendt.\n\nTOP 4\nVerschiedenes\n"
        "\n1.\n2.\n3.\nKasse\nWahlen\nAnträge\n",
        encoding="utf-8",
    )
    assert [block.text for block in read(path).blocks] == [
        "Referat",
        "3.) Godkendelse af regnskab",
        "Regnskabet blev godkendt.",
        "TOP 4 Verschiedenes",
        # a column of numbers beside a column of titles stays for the segmenter to pair
        "1.",
        "2.",
        "3.",
        "Kasse",
        "Wahlen",
        "Anträge",
    ]


def test_bidirectional_controls_around_a_name_are_removed(tmp_path):
    path = tmp_path / "referat.md"
    path.write_text(
        "Anwesend: \u202aMira Holzapfel\u202c, \u2067Leon Brombeer\u2069\u200e\n", encoding="utf-8"
    )
    assert [block.text for block in read(path).blocks] == ["Anwesend: Mira Holzapfel, Leon Brombeer"]


def test_a_long_line_of_emphasis_markers_is_read(tmp_path):
    path = tmp_path / "markers.md"
    path.write_text("Anwesend: " + "*_" * 180_000 + "\n", encoding="utf-8")
    assert read(path).blocks[0].text.startswith("Anwesend:")


def test_a_centred_number_above_its_title_in_a_pdf(tmp_path):
    from fixture_builders import write_placed_pdf

    rows = [
        (20, 30, "Protokoll der Sitzung des Jugendbeirats"),
        (100, 45, "3.)"),
        (20, 52, "Planung des Sommerfests am Weiherplatz"),
        (20, 62, "Der Beirat beschließt, das Fest am 12. Juli auszurichten, und bittet die Verwaltung"),
        (20, 68, "um die Genehmigung."),
    ]
    write_placed_pdf(tmp_path / "beirat.pdf", rows)
    assert texts(read(tmp_path / "beirat.pdf"))[:2] == [
        "Protokoll der Sitzung des Jugendbeirats",
        "3.) Planung des Sommerfests am Weiherplatz",
    ]


def test_letter_spaced_words_are_closed_up(tmp_path):
    path = tmp_path / "protokoll.txt"
    path.write_text(
        "A n w e s e n d :  Greta Holm, Ivo Lind\nT a g e s o r d n u n g   u n d   A b l a u f\n"
    )
    assert [block.text for block in read(path).blocks] == [
        "Anwesend : Greta Holm, Ivo Lind",
        "Tagesordnung und Ablauf",
    ]


def test_an_item_heading_under_a_paragraph_starts_a_block_of_its_own(tmp_path):
    """Same font, same margin, no gap: "TOP 2 …" under a long line is still no wrap of it."""
    from fpdf import FPDF

    from fixture_builders import FONT

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    lines = [
        "TOP 1 Begrüßung",
        "Die Vorsitzende eröffnet die Versammlung und stellt die Beschlussfähigkeit mit zwölf",
        "anwesenden Mitgliedern fest, die Tagesordnung wird ohne Änderung so angenommen.",
        "TOP 2 Bericht der Kassenprüferinnen",
        "Die Kassenprüferinnen beantragen die Entlastung des Vorstands für das abgelaufene Jahr.",
    ]
    for row, text in enumerate(lines):
        pdf.text(20, 30 + row * 5.5, text)
    pdf.output(str(tmp_path / "versammlung.pdf"))
    assert texts(read(tmp_path / "versammlung.pdf")) == [
        "TOP 1 Begrüßung",
        "Die Vorsitzende eröffnet die Versammlung und stellt die Beschlussfähigkeit mit zwölf "
        "anwesenden Mitgliedern fest, die Tagesordnung wird ohne Änderung so angenommen.",
        "TOP 2 Bericht der Kassenprüferinnen",
        "Die Kassenprüferinnen beantragen die Entlastung des Vorstands für das abgelaufene Jahr.",
    ]


def test_a_page_footer_counting_from_after_a_cover_page_is_dropped(tmp_path):
    """The footer says "Seite 1" on the PDF's second page: the count is offset, the line repeats."""
    from fpdf import FPDF

    from fixture_builders import FONT

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.text(20, 40, "Jahreshauptversammlung des Schützenvereins Erlengrund")
    for number in range(1, 5):
        pdf.add_page()
        pdf.text(20, 30, f"TOP {number} Bericht Nummer {number}")
        pdf.text(20, 40, f"Der Bericht {number} wird zur Kenntnis genommen.")
        pdf.text(20, 287, "03.02.2024")
        pdf.text(160, 287, f"Seite {number} von 4")
    pdf.output(str(tmp_path / "jhv.pdf"))
    found = texts(read(tmp_path / "jhv.pdf"))
    assert not [text for text in found if "Seite" in text]
    assert len(found) == 9
