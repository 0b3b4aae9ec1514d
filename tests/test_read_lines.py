"""Blocks keep the lines they were built from, each with its span in the document text and how it
looked: position, indent, centring, size, weight, the gap above it and its list marker."""

from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from minutes.read import read

from fixture_builders import write_placed_pdf


def looks(block) -> list[tuple]:
    """Each line of a block: its text, indent, centred, bold, marker."""
    return [
        (text, line.indent, line.centred, line.bold, line.marker)
        for text, line in zip(block.line_texts(), block.lines, strict=True)
    ]


def spans_hold(raw) -> bool:
    return all(
        raw.text[line.start : line.end] == text
        for block in raw.blocks
        for text, line in zip(block.line_texts(), block.lines, strict=True)
    )


def test_a_pdf_paragraph_keeps_its_wrapped_lines_and_a_centred_number_its_title(tmp_path):
    rows = [
        (20, 30, "Niederschrift des Seniorenbeirats"),
        (100, 45, "2.)"),
        (20, 52, "Bänke am Uferweg"),
        (20, 62, "Der Beirat bittet die Verwaltung, entlang des Uferwegs drei weitere Sitzbänke auf-"),
        (20, 68, "zustellen und die vorhandenen zu streichen."),
        (30, 80, "• Herr Quittenbaum fragt beim Bauhof nach."),
    ]
    write_placed_pdf(tmp_path / "beirat.pdf", rows, bold={0})

    raw = read(tmp_path / "beirat.pdf")
    heading, item, paragraph, entry = raw.blocks
    assert heading.kind == "heading" and looks(heading) == [
        ("Niederschrift des Seniorenbeirats", 0.0, False, True, None)
    ]
    assert item.text == "2.) Bänke am Uferweg"
    assert looks(item) == [("2.)", 20.6, True, False, "2.)"), ("Bänke am Uferweg", 0.0, False, False, None)]
    assert paragraph.text == (
        "Der Beirat bittet die Verwaltung, entlang des Uferwegs drei weitere Sitzbänke aufzustellen "
        "und die vorhandenen zu streichen."
    )
    # the hyphen that broke "aufzustellen" is gone from the text, and from the first line's
    assert paragraph.line_texts() == [
        "Der Beirat bittet die Verwaltung, entlang des Uferwegs drei weitere Sitzbänke auf",
        "zustellen und die vorhandenen zu streichen.",
    ]
    assert [line.gap for line in paragraph.lines] == [1.4, 0.4]
    assert entry.kind == "list_item" and looks(entry) == [
        ("Herr Quittenbaum fragt beim Bauhof nach.", 2.6, False, False, "•")
    ]
    top = paragraph.lines[0]
    assert (round(top.x0), top.size, top.page) == (57, 11.0, 1)
    assert spans_hold(raw)


def test_word_paragraphs_carry_size_weight_centring_and_indent(tmp_path):
    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("Protokoll der Elternversammlung")
    run.bold, run.font.size = True, Pt(16)
    note = document.add_paragraph("Frau Schlehdorn übernimmt die Kasse.")
    note.paragraph_format.left_indent = Pt(22)
    note.runs[0].font.size = Pt(11)
    document.save(str(tmp_path / "eltern.docx"))

    raw = read(tmp_path / "eltern.docx")
    first, second = (block.lines[0] for block in raw.blocks)
    assert (first.size, first.bold, first.centred, first.indent) == (16.0, True, True, 0.0)
    assert (second.size, second.bold, second.centred, second.indent) == (11.0, False, False, 2.0)
    assert spans_hold(raw)


def test_hard_wrapped_markdown_keeps_its_physical_lines(tmp_path):
    path = tmp_path / "vorstand.md"
    path.write_text(
        "# Vorstandssitzung\n\nAnwesend: Ida Kornelkirsch, Moritz Haselstrauch, Nele Schlüsselblume,\n"
        "Ruben Weißdorn\n\n\n- Ida Kornelkirsch bestellt die Getränke für das Herbstfest und klärt\n"
        "  den Ausschank mit der Gemeinde.\n",
        encoding="utf-8",
    )
    raw = read(path)
    heading, attendance, task = raw.blocks
    assert looks(heading) == [("Vorstandssitzung", 0.0, False, False, "#")]
    assert attendance.line_texts() == [
        "Anwesend: Ida Kornelkirsch, Moritz Haselstrauch, Nele Schlüsselblume,",
        "Ruben Weißdorn",
    ]
    assert [line.gap for line in attendance.lines] == [1.0, 0.0]
    assert looks(task) == [
        ("Ida Kornelkirsch bestellt die Getränke für das Herbstfest und klärt", 0.0, False, False, "-"),
        ("den Ausschank mit der Gemeinde.", 1.0, False, False, None),
    ]
    assert task.lines[0].gap == 2.0
    assert spans_hold(raw)


def test_html_bold_and_centred_paragraphs(tmp_path):
    path = tmp_path / "referat.html"
    path.write_text(
        "<html><body><p style='text-align: center'><strong>Referat af bestyrelsesmøde</strong></p>"
        "<p>Til stede: <b>Karen</b> og Svend</p><ol><li>3. Regnskab</li></ol></body></html>",
        encoding="utf-8",
    )
    raw = read(path)
    assert [looks(block) for block in raw.blocks] == [
        [("Referat af bestyrelsesmøde", 0.0, True, True, None)],
        [("Til stede: Karen og Svend", 0.0, False, False, None)],
        [("3. Regnskab", 0.0, False, False, "3.")],
    ]


def test_stored_blocks_keep_their_lines_for_reparsing(tmp_path):
    from minutes import Archive
    from minutes.store import stored_documents

    path = tmp_path / "vorstand.md"
    path.write_text(
        "Anwesend: Ida Kornelkirsch, Moritz Haselstrauch, Nele Schlüsselblume,\nRuben Weißdorn\n",
        encoding="utf-8",
    )
    raw = read(path)
    archive = Archive(tmp_path / "archive.db")
    archive.ingest_file(path)
    ((_, stored),) = stored_documents(archive.db)
    assert stored.blocks == raw.blocks
    assert [block.lines for block in stored.blocks] == [block.lines for block in raw.blocks]


def test_opendocument_paragraph_styles_give_size_weight_centring_and_indent(tmp_path):
    from odfdo import Document, Paragraph, Style

    document = Document("text")
    title = Style("paragraph", name="Titelzeile", area="text", bold=True, size="15pt")
    title.set_properties(area="paragraph", **{"fo:text-align": "center"})
    note = Style("paragraph", name="Einzug", area="text", size="10pt")
    note.set_properties(area="paragraph", **{"fo:margin-left": "0.5in"})
    for style in (title, note):
        document.insert_style(style, automatic=True)
    document.body.append(Paragraph("Protokoll des Kassenprüfertreffens", style="Titelzeile"))
    document.body.append(Paragraph("Herr Wacholder prüft die Belege.", style="Einzug"))
    document.save(str(tmp_path / "kasse.odt"))

    first, second = (block.lines[0] for block in read(tmp_path / "kasse.odt").blocks)
    assert (first.size, first.bold, first.centred, first.indent) == (15.0, True, True, 0.0)
    assert (second.size, second.bold, second.centred, second.indent) == (10.0, False, False, 3.6)
