"""Task registers, list numbering as readers render it, people in running text and attachment lists
in layout tables: small protocols written for these tests, with exact expected values."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from minutes import parse


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def actions(record) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(a.text, a.owners, a.due) for a in record.action_items]


def test_task_table_columns_found_by_their_labels(tmp_path):
    path = write(
        tmp_path,
        "arbeitstreffen.md",
        """# Protokoll Arbeitstreffen Radverkehr, 14.05.2024

Anwesend: Jana Albers, Tobias Brandt, Miriam Yilmaz

## 1. Zählstellen
Die Zählstellen an der Ringstraße liefern seit April Daten.

## 2. Aktionstag
Der Aktionstag findet im September statt. Beschluss: einstimmig angenommen.

## Aufgaben

| Zu | Aufgabe | Verantwortlich | Termin |
|----|---------|----------------|--------|
| 1 | Daten der Zählstellen auswerten | Tobias | 31.05.2024 |
| 2 | Stände beim Ordnungsamt anmelden | Jana / Miriam | 06/2024 |
""",
    )
    record = parse(path)
    assert actions(record) == [
        ("Daten der Zählstellen auswerten", ("Tobias Brandt",), "2024-05-31"),
        ("Stände beim Ordnungsamt anmelden", ("Jana Albers", "Miriam Yilmaz"), "2024-06"),
    ]
    assert [a.agenda_item for a in record.action_items] == ["2", "2"]


def test_danish_who_what_when_table(tmp_path):
    path = write(
        tmp_path,
        "arbejdsgruppe.md",
        """# Referat af møde i arbejdsgruppen for grønne arealer 3. april 2024

Deltagere: Signe Holm, Kasper Lund

## 1. Træplantning
Gruppen drøftede placeringen af de nye træer.

## 2. Opfølgning

| Hvem | Hvad | Hvornår |
|------|------|---------|
| Signe | Indhente tilbud på træer | 15.04.2024 |
| Kasper, Signe | Informere grundejerne | 05/2024 |
""",
    )
    assert actions(parse(path)) == [
        ("Indhente tilbud på træer", ("Signe",), "2024-04-15"),
        ("Informere grundejerne", ("Kasper Lund", "Signe"), "2024-05"),
    ]


def test_task_list_under_a_heading_with_its_deadline(tmp_path):
    path = write(
        tmp_path,
        "gruppe.adoc",
        """= Protokoll Gruppe 7

Treffen am 03.12.2024

== Teilnehmer
* Jana Albers
* Tobias Brandt

== Bemerkungen
* Zwischenstand besprochen, Konsens über die Aufteilung

== Aufgaben bis zum 17.12.2024
* Anmeldeformular: Jana
* Datenbankschema: Tobias, Jana

== Anmeldeformular
* Pflichtfelder prüfen
""",
    )
    record = parse(path)
    assert actions(record) == [
        ("Anmeldeformular", ("Jana Albers",), "2024-12-17"),
        ("Datenbankschema", ("Tobias Brandt", "Jana Albers"), "2024-12-17"),
    ]
    assert record.action_items[0].due_text == "bis zum 17.12.2024"


def test_owners_as_labels_over_their_tasks(tmp_path):
    path = write(
        tmp_path,
        "vorstand.txt",
        """Protokoll der Vorstandssitzung vom 09.10.2024

Anwesend: Jana Albers, Tobias Brandt
Entschuldigt: Miriam Yilmaz

TOP 1: Kasse
Der Kassenbericht wurde vorgestellt und einstimmig genehmigt.

TOP 2: Verschiedenes
Keine Wortmeldungen.

To-dos bis zur nächsten Sitzung am 06.11.2024
Jana:
- Spendenquittungen verschicken
- Konto beim Finanzamt melden
Alle Mitglieder (gern auch Gäste):
- Projektideen einreichen
""",
    )
    assert actions(parse(path)) == [
        ("Spendenquittungen verschicken", ("Jana Albers",), "2024-11-06"),
        ("Konto beim Finanzamt melden", ("Jana Albers",), "2024-11-06"),
        ("Projektideen einreichen", ("Alle Mitglieder",), "2024-11-06"),
    ]


def test_a_noun_before_a_modal_verb_is_not_an_owner(tmp_path):
    path = write(
        tmp_path,
        "fsr.md",
        """# Protokoll der Sitzung des Fachschaftsrats vom 02.10.2024

Anwesend: Lena Hoff, Paul Berger

## 1. Ersti-Woche
Der Zeitplan muss von der Orga-Gruppe aufgestellt werden.
Die Umfrage muss noch ausgewertet werden.

## 2. Finanzen
Lena kümmert sich um die Abrechnung bis 15.10.2024.
""",
    )
    assert actions(parse(path)) == [
        ("Der Zeitplan muss von der Orga-Gruppe aufgestellt werden.", ("Orga-Gruppe",), None),
        ("Lena kümmert sich um die Abrechnung bis 15.10.2024.", ("Lena Hoff",), "2024-10-15"),
    ]


def test_markdown_numbers_lists_as_rendered(tmp_path):
    path = write(
        tmp_path,
        "einladung.md",
        """# Einladung zur Mitgliederversammlung am 12. März 2025

Tagesordnung:

1. Begrüßung
1. Berichte
    1. Bericht des Vorstands
    1. Bericht der Kasse
1. Wahlen
   Vorschlag: Wahl im Block
1. Verschiedenes
""",
    )
    record = parse(path)
    assert [(i.number, i.title) for i in record.agenda_items] == [
        ("1", "Begrüßung"),
        ("2", "Berichte"),
        ("2.1", "Bericht des Vorstands"),
        ("2.2", "Bericht der Kasse"),
        ("3", "Wahlen"),
        ("4", "Verschiedenes"),
    ]


def test_word_list_numbers_are_read_from_the_numbering_definitions(tmp_path):
    document = docx.Document()
    document.add_paragraph("Referat af bestyrelsesmøde den 4. marts 2025")
    document.add_paragraph("Dagsorden:")
    for title in ("Konstituering", "Økonomi", "Eventuelt"):
        document.add_paragraph(title, style="List Number")
    document.add_paragraph("Bestyrelsen konstituerede sig med Signe Holm som formand.")
    path = tmp_path / "bestyrelse.docx"
    document.save(str(path))
    record = parse(path)
    assert [(i.number, i.title) for i in record.agenda_items] == [
        ("1", "Konstituering"),
        ("2", "Økonomi"),
        ("3", "Eventuelt"),
    ]


def test_unnumbered_topic_headings_are_items_and_meeting_headings_are_not(tmp_path):
    path = write(
        tmp_path,
        "treffen.md",
        """# Treffen 21.01.2025

## Anwesende
* Jana Albers
* Tobias Brandt

## Firmware
Neue Version ist stabil. Beschluss: Die Version wird einstimmig freigegeben.

## Website
Texte werden überarbeitet.

## Nächstes Treffen
04.02.2025
""",
    )
    assert [(i.number, i.title) for i in parse(path).agenda_items] == [(None, "Firmware"), (None, "Website")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pressemeddelelse 2. maj 2025\n\nDirektør Mette Lindholm glæder sig over aftalen. "
            "Også Jens Peter Kvist og Ulla Brandt fra foreningen bakker op.",
            [("Mette Lindholm", "Direktør"), ("Jens Peter Kvist", None), ("Ulla Brandt", None)],
        ),
        (
            "Pressemitteilung vom 2. Mai 2025\n\nIm Folgenden erklärt Geschäftsführerin Sabine Roth "
            "die Pläne. Bei Rückfragen steht Dr. Karl-Heinz Vogt zur Verfügung.",
            [("Sabine Roth", "Geschäftsführerin"), ("Karl-Heinz Vogt", None)],
        ),
    ],
)
def test_people_in_running_text(tmp_path, text, expected):
    record = parse(write(tmp_path, "presse.txt", text))
    assert [(p.name, p.role) for p in record.people] == expected


def test_attachment_lists_in_layout_table_cells(tmp_path):
    path = write(
        tmp_path,
        "dagsorden.html",
        """<html><body><h1>Dagsorden Byrådet 5. marts 2025 kl. 16.00</h1>
<table>
<tr><td><span>1</span></td><td><button><h2>Godkendelse af dagsorden</h2></button></td></tr>
<tr><td><span>2</span></td><td><button><h2>Lokalplan 17, Nordbyen</h2></button>
  <div><h3>Indstilling</h3><p>Det indstilles, at lokalplanen vedtages endeligt.</p>
  <h3>Bilag</h3>
  <ul><li><span role="button">PDF</span><a>Indstilling</a></li>
      <li><span role="button">PDF</span><a>Bilag 1: Kort over området</a></li>
      <li><span role="button">PDF</span><a>Bilag 2: Høringssvar</a></li></ul></div>
  <span class="badge">3</span></td></tr>
</table></body></html>""",
    )
    items = parse(path).agenda_items
    assert [(i.number, i.title, i.attachments) for i in items] == [
        ("1", "Godkendelse af dagsorden", ()),
        (
            "2",
            "Lokalplan 17, Nordbyen",
            ("Indstilling", "Bilag 1: Kort over området", "Bilag 2: Høringssvar"),
        ),
    ]
