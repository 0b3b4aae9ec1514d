"""Extraction on the authored protocols: exact values for every field, in both languages and
across the formats the German protocol is rendered into."""

from __future__ import annotations

import pytest

from minutes import parse
from minutes.extract.dates import find_times, parse_due

from fixture_builders import DANISH_MINUTES, GERMAN_MINUTES


@pytest.fixture(scope="module")
def german():
    return parse(GERMAN_MINUTES).to_dict()


@pytest.fixture(scope="module")
def danish():
    return parse(DANISH_MINUTES).to_dict()


def without_provenance(value):
    """The values of a record without where they stand and the evidence they were taken on."""
    if isinstance(value, dict):
        return {k: without_provenance(v) for k, v in value.items() if k not in ("provenance", "evidence")}
    if isinstance(value, list):
        return [without_provenance(v) for v in value]
    return value


def test_german_meeting(german):
    assert german["meeting"] == {
        "title": "Niederschrift über die 12. Sitzung des Bau- und Umweltausschusses",
        "body": "Bau- und Umweltausschuss",
        "organization": "Gemeinde Lindenhain",
        "date": "2023-03-14",
        "start": "18:30",
        "end": "20:15",
        "location": "Rathaus Lindenhain, Sitzungssaal 2",
        "extraordinary": None,
        "present_count": None,
        "member_count": None,
    }


def test_german_attendance(german):
    assert [
        (p["name"], p["status"], p["excused"], p["role"], p["function"]) for p in german["participants"]
    ] == [
        ("Karin Albers", "present", None, "Vorsitz", "chair"),
        ("Stefan Brunner", "present", None, None, None),
        ("Monika Keller", "present", None, None, None),
        ("Tobias Lange", "present", None, None, None),
        ("Petra Wendel", "present", None, None, None),
        ("Markus Hoffmann", "absent", True, None, None),
        ("Sabine Richter", "absent", True, None, None),
        ("Jens Vogt", "present", None, "Protokoll", "minute_taker"),
    ]


def test_german_agenda_and_decisions(german):
    items = without_provenance(german["agenda_items"])
    assert [(i["number"], i["title"], i["case_number"], i["public"]) for i in items] == [
        ("1", "Genehmigung der Niederschrift vom 07.02.2023", None, True),
        ("2", "Bebauungsplan „Am Mühlbach“ – Aufstellungsbeschluss", "Vorlage 2023/041", True),
        ("3", "Sanierung der Grundschule – Sachstand", None, True),
        ("4", "Verschiedenes", None, True),
    ]
    assert items[0]["decision"] == {
        "text": "Die Niederschrift wird ohne Änderungen genehmigt. Beschluss: einstimmig angenommen.",
        "outcome": "approved",
        "unanimous": True,
        "votes": None,
    }
    assert items[1]["decision"]["outcome"] == "approved"
    assert items[1]["decision"]["votes"] == {"for": 4, "against": 1, "abstain": 0}
    assert items[1]["attachments"] == ["Lageplan Mühlbach"]
    assert items[2]["decision"]["outcome"] == "noted"
    assert items[3]["decision"] is None


def test_german_action_items(german):
    assert [
        (a["text"], a["owners"], a["due"], a["due_text"], a["agenda_item"]) for a in german["action_items"]
    ] == [
        ("Angebote für die Dachsanierung einholen", ["Tobias Lange"], "2023-04-30", "30.04.2023", "3"),
        (
            "Frau Keller kümmert sich um die Einladung der Anwohner bis zur nächsten Sitzung.",
            ["Monika Keller"],  # "Frau Keller": the one Keller the list names
            None,
            "bis zur nächsten Sitzung",
            "4",
        ),
    ]


def test_danish_meeting_and_attendance(danish):
    meeting = danish["meeting"]
    assert (meeting["date"], meeting["start"], meeting["end"]) == ("2023-09-06", "16:00", "17:45")
    assert meeting["location"] == "Rådhuset, mødelokale 3"
    assert meeting["body"] == "Teknik- og Miljøudvalget"
    assert [(p["name"], p["status"], p["excused"], p["function"]) for p in danish["participants"]] == [
        ("Anne Holm", "present", None, "chair"),
        ("Lars Nielsen", "present", None, None),
        ("Mette Kristensen", "present", None, None),
        ("Søren Dahl", "present", None, None),
        ("Jens Mortensen", "absent", True, None),
        ("Camilla Berg", "present", None, "minute_taker"),
    ]


def test_danish_items_votes_and_actions(danish):
    items = without_provenance(danish["agenda_items"])
    assert [(i["number"], i["title"], i["case_number"]) for i in items] == [
        ("1", "Godkendelse af dagsorden", None),
        ("2", "Trafiksikkerhedsplan 2024", "23/1187"),
        ("3", "Eventuelt", None),
    ]
    assert items[1]["decision"] == {
        "text": "Indstillingen blev vedtaget. For stemte 3, imod stemte 1, 0 undlod at stemme.",
        "outcome": "approved",
        "unanimous": False,
        "votes": {"for": 3, "against": 1, "abstain": 0},
    }
    assert items[1]["attachments"] == ["Udkast til trafiksikkerhedsplan"]
    assert without_provenance(danish["action_items"]) == [
        {
            "text": "Lars Nielsen undersøger mulighederne for cykelparkering.",
            "owners": ["Lars Nielsen"],
            "due": "2023-10-01",
            "due_end": None,
            "due_text": "1. oktober 2023",
            "agenda_item": "3",
        }
    ]


@pytest.mark.parametrize("name", ["pdf", "docx", "odt", "text-cp1252"])
def test_german_formats_agree_on_the_essentials(built, name, german):
    record = parse(built[name]).to_dict()
    assert record["meeting"]["date"] == german["meeting"]["date"]
    assert [i["number"] for i in record["agenda_items"]] == ["1", "2", "3", "4"]
    assert {p["name"] for p in record["participants"] if p["status"] == "absent"} == {
        "Markus Hoffmann",
        "Sabine Richter",
    }


def test_provenance_points_at_the_source_text(german):
    record = parse(GERMAN_MINUTES)
    item = record.agenda_items[1]
    assert record.text[item.provenance.start : item.provenance.end].startswith("TOP 2:")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("12/2021", ("2021-12", None, "12/2021")),
        ("01/02/2022", ("2022-01", "2022-02", "01/02/2022")),
        ("15.04.", ("2023-04-15", None, "15.04.")),
        ("30.04.2023", ("2023-04-30", None, "30.04.2023")),
        ("1. oktober 2023", ("2023-10-01", None, "1. oktober 2023")),
    ],
)
def test_deadlines_keep_their_precision(written, expected):
    lang = "da" if "oktober" in written else "de"
    assert parse_due(written, lang, 2023) == expected


def test_a_day_and_month_is_never_a_clock_time():
    assert find_times("T: 15.04.") == []
    assert find_times("Mødet blev hævet kl. 17.45.") == [("17:45", 21)]


@pytest.mark.parametrize(
    ("header", "body", "organization"),
    [
        (
            "Referat af ordinær generalforsamling i Grundejerforeningen Solbakken\n\nDato: 12.03.2024",
            "Generalforsamling",
            "Grundejerforeningen Solbakken",
        ),
        (
            "Niederschrift über die Sitzung des Gemeinderates der Stadt Rosenau vom 04.05.2023",
            "Gemeinderat",
            "Stadt Rosenau",
        ),
        (
            "Referat fra mødet i Udvalg for klima, miljø og natur den 2. maj 2024",
            "Udvalg for klima, miljø og natur",
            None,
        ),
        (
            "Protokoll der Mitgliederversammlung Tüftelwerk e.V. am 3. Mai 2023",
            "Mitgliederversammlung",
            "Tüftelwerk e.V.",
        ),
        ("Referat af bestyrelsesmøde i Roklubben Bølgen, 5. marts 2024", "Bestyrelse", "Roklubben Bølgen"),
        (
            "Protokoll der 3. Sitzung des Stadtteilbeirates Nordwest am 1. März 2022",
            "Stadtteilbeirat Nordwest",
            None,
        ),
    ],
)
def test_body_and_organization_from_the_header(tmp_path, header, body, organization):
    path = tmp_path / "protokoll.txt"
    danish = header.startswith("Referat")
    rest = (
        "Til stede: Hanne Holm, Per Lund\n\nPunkt 1: Valg af dirigent\nBeslutning: Per Lund blev valgt."
        if danish
        else "Anwesend: Anna Berg, Jonas Roth\n\nTOP 1: Begrüßung\nBeschluss: einstimmig angenommen."
    )
    path.write_text(f"{header}\n\n{rest}\n", encoding="utf-8")
    meeting = parse(path).meeting
    assert (meeting.body, meeting.organization) == (body, organization)


def test_decision_paragraphs_without_labels(tmp_path):
    path = tmp_path / "generalforsamling.txt"
    path.write_text(
        "Referat af generalforsamling i Roklubben Bølgen den 5. marts 2024\n\n"
        "Til stede: Hanne Holm, Per Lund, Ida Berg\n\n"
        "Punkt 1: Valg af dirigent\n\nPer Lund stiller op som dirigent.\n\nEnstemmigt vedtaget.\n\n"
        "Punkt 2: Regnskab\n\nDer foreslås at regnskabet udskydes til næste møde. Enstemmigt vedtaget.\n\n"
        "Punkt 3: Indkomne forslag\n\n"
        "Et flertal kunne tiltræde forslaget. Ida Berg kunne ikke tiltræde forslaget.\n\n"
        "Punkt 4: Aktiviteter\n\nFølgende blev aftalt:\n\n- Standerhejsning 1. april\n- Kaproning i juni\n",
        encoding="utf-8",
    )
    decisions = [(item.decision.text, item.decision.outcome) for item in parse(path).agenda_items]
    assert decisions == [
        ("Per Lund stiller op som dirigent. Enstemmigt vedtaget.", "approved"),
        ("Der foreslås at regnskabet udskydes til næste møde. Enstemmigt vedtaget.", "postponed"),
        ("Et flertal kunne tiltræde forslaget. Ida Berg kunne ikke tiltræde forslaget.", "approved"),
        ("Følgende blev aftalt: Standerhejsning 1. april Kaproning i juni", "approved"),
    ]


@pytest.mark.parametrize(
    ("text", "start", "end", "location", "people"),
    [
        (
            "Referat\nMødetidspunkt: kl. 16:00\nSluttidspunkt: kl. 18:30\nMødested: Rådhuset, lokale 2\n"
            "Deltagere:\nMette Jensen\nLars Nielsen\nAfbud:\nKaren Kjær\nDagsorden:\nPunkt 1. Budget\n",
            "16:00",
            "18:30",
            "Rådhuset, lokale 2",
            [("Mette Jensen", "present"), ("Lars Nielsen", "present"), ("Karen Kjær", "absent")],
        ),
        (
            "Niederschrift\nSitzungsbeginn: 18:00 Uhr\nSitzungsende: 20:30 Uhr\nOrt, Raum: Rathaus, Saal\n"
            "Anwesend:\nAnna Müller\nEntschuldigt:\nPetra Koch\nTagesordnung:\nTOP 1 Haushalt\n",
            "18:00",
            "20:30",
            "Rathaus, Saal",
            [("Anna Müller", "present"), ("Petra Koch", "absent")],
        ),
    ],
)
def test_header_labels_and_a_list_that_ends_at_the_agenda(tmp_path, text, start, end, location, people):
    path = tmp_path / "protokoll.txt"
    path.write_text(text, encoding="utf-8")
    record = parse(path).to_dict()
    meeting = record["meeting"]
    assert (meeting["start"], meeting["end"], meeting["location"]) == (start, end, location)
    assert [(p["name"], p["status"]) for p in record["participants"]] == people


@pytest.mark.parametrize(
    ("name", "text", "when_and_where"),
    [
        (  # an invitation: "Datum:" is the letter's; the meeting is the line with a clock time
            "einladung.txt",
            "Stadt Lindenhain\nDatum: 14.02.2025\nDie Mitglieder des Bauausschusses werden zu der am\n"
            "Dienstag, 04. März 2025 um 17 Uhr\nim Sitzungssaal des Rathauses stattfindenden\n"
            "Sitzung eingeladen.\nTagesordnung\n1. Bebauungsplan Nord\n2. Anfragen\n",
            ("2025-03-04", "17:00", None, "Sitzungssaal des Rathauses"),
        ),
        (  # label and value without a colon; the time in the date line
            "referat.txt",
            "REFERAT Miljøudvalget\nMødedato Tirsdag d. 4. marts 2025 kl. 9 - 11:30\n"
            "Mødested Rådhuset, lokale 2\nPunkt 1: Budget\nBeslutning\nGodkendt.\n",
            ("2025-03-04", "09:00", "11:30", "Rådhuset, lokale 2"),
        ),
        (  # the place after the time, between bullets; the end in the closing line
            "protokoll.txt",
            "Ortsbeirat Nord\n2. Sitzung • Mittwoch, 12.03.2025 • 19:30 Uhr • Bürgerhaus, Hauptstraße 4\n"
            "TOP 1 Spielplatz\nBeschluss: einstimmig angenommen.\nEnde: 21:05 Uhr\n",
            ("2025-03-12", "19:30", "21:05", "Bürgerhaus, Hauptstraße 4"),
        ),
        (  # a sentence names the place; the date runs over two lines
            "indkaldelse.txt",
            "Hermed indkaldes til generalforsamling i Roklubben, torsdag, den\n6.marts 2025 klokken 19.00\n\n"
            "Generalforsamlingen afholdes i klubhuset,\nStrandvejen 2, Vejle\n\n1. Valg af dirigent\n",
            ("2025-03-06", "19:00", None, "klubhuset, Strandvejen 2, Vejle"),
        ),
        (  # an address block under the date line, down to its postcode
            "generalforsamling.txt",
            "Generalforsamling i Haveforeningen\nTorsdag d. 6. marts 2025 kl 19:00.\ni foreningshuset\n"
            "Kulturhuset Banken\nNørregade 12\n6400 Sønderborg\n\nDagsorden:\n1) Valg af dirigent\n",
            ("2025-03-06", "19:00", None, "Kulturhuset Banken, Nørregade 12, 6400 Sønderborg"),
        ),
        (  # the place before the date; the end in a closing sentence
            "mv-2025.txt",
            "Lindenhain, Stadtbibliothek, 18.07.2025\nProtokoll Mitgliederversammlung\n"
            "Anwesend: Anna Berg, Jonas Roth\n1. Kassenbericht\nDer Kassenbericht wird einstimmig "
            "angenommen.\n2. Verschiedenes\nDie Versammlung wurde um ca. 21.30 Uhr geschlossen.\n",
            ("2025-07-18", None, "21:30", "Lindenhain, Stadtbibliothek"),
        ),
        (  # no date in the text: the ISO date of the file name
            "protokoll-2025-05-20.md",
            "Anwesend: Anna, Jonas\n\n## 1. Orga\n\n- Beschluss: Protokoll bestätigen\n",
            ("2025-05-20", None, None, None),
        ),
    ],
)
def test_when_and_where_without_labels(tmp_path, name, text, when_and_where):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    meeting = parse(path).to_dict()["meeting"]
    assert (meeting["date"], meeting["start"], meeting["end"], meeting["location"]) == when_and_where


def test_a_council_list_with_groups_substitutes_and_departments(tmp_path):
    path = tmp_path / "niederschrift.txt"
    path.write_text(
        "Niederschrift\nSitzung des Ortsbeirates Nord am 12.03.2025\nAnwesende\nOrtsbeirat:\n"
        "Fr. Anna Berger\nHr. Dr. Paul Kern\nFr. Lang f. Hr. Vogt\nStadtrat:\nHr. Brandt\nVerwaltung:\n"
        "Hr. Maier, Amt für\nStadtplanung und Umwelt\nFr. Roth, Abt. Verkehr\nEntschuldigt\nHr. Vogt,\n"
        "Fr. Seidel\nVerteiler\nAlle Fraktionen, Hr. Oberle\n"
        "1. Spielplatz\nBeschluss: einstimmig angenommen.\n",
        encoding="utf-8",
    )
    people = [
        (p["name"], p["status"], p["excused"], p["function"]) for p in parse(path).to_dict()["participants"]
    ]
    assert people == [
        ("Anna Berger", "present", None, None),
        ("Paul Kern", "present", None, None),
        ("Lang", "present", None, None),
        ("Vogt", "absent", True, None),
        ("Brandt", "present", None, None),
        ("Maier", "present", None, "guest"),
        ("Roth", "present", None, "guest"),
        ("Seidel", "absent", True, None),
    ]


def test_lists_inside_items_inline_labels_and_signatures(tmp_path):
    danish = tmp_path / "referat.txt"
    danish.write_text(
        "Referat af ordinær generalforsamling\nRoklubben Vejle\n4. marts 2025\n"
        "§1 Til stede:\n(a) Mette Jensen;\n(b) Lars Bo Nielsen; og\n(c) Karen\n"
        "§2 Valg af dirigent.\nLars Bo Nielsen blev valgt. Enstemmigt vedtaget.\n"
        "§3 Eventuelt.\nIntet.\nReferent: Karen Holm\n",
        encoding="utf-8",
    )
    people = [(p["name"], p["status"], p["function"]) for p in parse(danish).to_dict()["participants"]]
    assert people == [
        ("Mette Jensen", "present", None),
        ("Lars Bo Nielsen", "present", None),
        ("Karen Holm", "present", "minute_taker"),  # the fullest form the document gives
    ]
    german = tmp_path / "protokoll.md"
    german.write_text(
        "# Protokoll Mitgliederversammlung 18.07.2025\n\nAnwesend:\n\n"
        "Anna Berg, Jonas Roth, Eva Klein Als Gäste: Tim Vogel, Lea.Sommer "
        "Als Versammlungsleiter wurde Jonas Roth bestimmt.\n\n"
        "## Anwesende Vorstandsmitglieder\n\n* Anna Berg\n* nerd42\n\n"
        "## Protokoll\n\nBitte im Pad mitschreiben.\n\n"
        "## 1. Kasse\n\nBeschluss: einstimmig angenommen.\n\n## 2. Termine\n\nKeine.\n",
        encoding="utf-8",
    )
    people = [(p["name"], p["status"], p["function"]) for p in parse(german).to_dict()["participants"]]
    assert people == [
        ("Anna Berg", "present", None),
        ("Jonas Roth", "present", None),
        ("Eva Klein", "present", None),
        ("Tim Vogel", "present", "guest"),
        ("Lea Sommer", "present", "guest"),
        ("nerd42", "present", None),
    ]


def test_who_voted_presented_or_was_hindered_took_part_or_was_absent(tmp_path):
    path = tmp_path / "referat.txt"
    path.write_text(
        "Referat\nMiljøudvalget\nMødedato: 4. marts 2025 kl. 15.00\nPunkt 1: Lokalplan 12\nBeslutning\n"
        "Mette Jensen, Lars Nielsen og Ida Berg kunne tiltræde indstillingen. Ole Sand tog forbehold.\n"
        "Søren Krogh var forhindret i at deltage i udvalgets behandling af sagen.\n"
        "Punkt 2: Orientering\nBeslutning\n"
        "Kontorchef Anne Friis præsenterede projektet. Orienteringen blev taget til efterretning.\n",
        encoding="utf-8",
    )
    record = parse(path).to_dict()
    people = [
        (p["name"], p["status"], p["excused"], p["role"], p["function"]) for p in record["participants"]
    ]
    assert people == [
        ("Mette Jensen", "present", None, None, "member"),
        ("Lars Nielsen", "present", None, None, "member"),
        ("Ida Berg", "present", None, None, "member"),
        ("Ole Sand", "present", None, None, "member"),
        ("Søren Krogh", "absent", True, None, None),
        ("Anne Friis", "present", None, "Kontorchef", "guest"),
    ]
    assert [item["absent"] for item in record["agenda_items"]] == [["Søren Krogh"], []]


def test_results_protocols_runs_of_results_and_labels_naming_the_body(tmp_path):
    german = tmp_path / "ergebnisse.txt"
    german.write_text(
        "Ergebnisprotokoll der Vorstandssitzung vom 02.04.2025\nAnwesend: Anna Berg, Jonas Roth\n"
        "TOP 1 Kassenbericht\nDer Kassenbericht wurde vorgestellt und für richtig befunden.\n"
        "TOP 2 Sommerfest\nÜber den Ort konnte keine Einigkeit erzielt werden.\n"
        "TOP 3 Homepage\nDie neue Seite soll im Mai online gehen.\nBeschluss OBR: keiner, Information\n",
        encoding="utf-8",
    )
    decisions = [(i.decision.text, i.decision.outcome) for i in parse(german).agenda_items]
    assert decisions == [
        ("Der Kassenbericht wurde vorgestellt und für richtig befunden.", "approved"),
        ("Über den Ort konnte keine Einigkeit erzielt werden.", "discussed"),
        ("Beschluss OBR: keiner, Information", None),
    ]
    danish = tmp_path / "referat.txt"
    danish.write_text(
        "Referat af generalforsamling 4. marts 2025\nTil stede: Mette Jensen, Lars Nielsen\n"
        "Punkt 1: Valg til bestyrelsen\nFormand Mette Jensen blev genvalgt med akklamation.\n"
        "Kasserer Lars Nielsen blev genvalgt med akklamation.\nDer var ingen andre kandidater.\n"
        "Punkt 2: Vedtægter\nFølgende blev besluttet:\n(a) Vedtægterne renskrives og vedtages.\n"
        "(b) Bestyrelsen sender dem ud.\nTak for i dag.\n",
        encoding="utf-8",
    )
    decisions = [(i.decision.text, i.decision.outcome) for i in parse(danish).agenda_items]
    assert decisions == [
        (
            "Formand Mette Jensen blev genvalgt med akklamation. "
            "Kasserer Lars Nielsen blev genvalgt med akklamation.",
            "approved",
        ),
        (
            "Følgende blev besluttet: (a) Vedtægterne renskrives og vedtages. (b) Bestyrelsen sender dem ud.",
            "approved",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "text", "items"),
    [
        (  # capital letters with a colon number the items
            "dagsorden.txt",
            "Dagsorden for generalforsamling i Roklubben, torsdag den 6. marts 2025 kl. 19.00\n\n"
            "A : Valg af dirigent\nB : Formandens beretning\nVed formanden.\nC : Eventuelt\n",
            [("A", "Valg af dirigent"), ("B", "Formandens beretning"), ("C", "Eventuelt")],
        ),
        (  # a column of numbers that the reader gives before the column of titles
            "einladung.txt",
            "Einladung\nOrtsbeirat Nord\nSitzung am 17.11.2025, 18:30 Uhr\nTagesordnung\n1.\n2.\n3.\n"
            "Spielplatz Lindenweg\nHecke am Markt\nAnträge Klimabudget\nIch darf Sie hiermit einladen.\n",
            [("1", "Spielplatz Lindenweg"), ("2", "Hecke am Markt"), ("3", "Anträge Klimabudget")],
        ),
        (  # topics as headings, listed first and written up after; a list of dates is no item
            "treffen.md",
            "# Treffen 15.04.2025\n\n## Tagesordnung\n\n### Firmware\n\n### Sommerfest (oliver)\n\n"
            "## Protokoll\n\n### Anwesende:\n\n* Emi\n* Frank\n\n### Firmware\n\nNeue Version.\n\n"
            "### Sommerfest\n\n* 13. - 17.07.2025\n* 30./31.7.2025\n",
            [(None, "Firmware"), (None, "Sommerfest")],
        ),
        (  # lettered sub-items with short titles; a long sub-item without its link
            "referat.txt",
            "Referat af generalforsamling 4. marts 2025\n§1 Valg af dirigent.\nMette blev valgt.\n"
            "§2 Valg af bestyrelse.\n(a) Valg af formand.\nLars genopstiller. Enstemmigt vedtaget.\n"
            "(b) Valg af kasserer.\nIda blev valgt.\n§3 Orientering\n- 3.1 Status på beslutningsforslaget, "
            "der blev sendt til skriftlig godkendelse pr. mail den 19. maj 2025. Alle medlemmer har godkendt "
            "forslaget: https://example.org/forslag\n",
            [
                ("1", "Valg af dirigent"),
                ("2", "Valg af bestyrelse"),
                ("2a", "Valg af formand"),
                ("2b", "Valg af kasserer"),
                ("3", "Orientering"),
                (
                    "3.1",
                    "Status på beslutningsforslaget, der blev sendt til skriftlig godkendelse pr. mail den "
                    "19. maj 2025. Alle medlemmer har godkendt forslaget",
                ),
            ],
        ),
    ],
)
def test_agenda_numbering_schemes(tmp_path, name, text, items):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    record = parse(path)
    assert [(item.number, item.title) for item in record.agenda_items] == items
    if name == "treffen.md":
        assert [p.name for p in record.participants] == ["Emi", "Frank"]


def test_file_numbers_and_absence_from_an_item_in_its_result_only(tmp_path):
    german = tmp_path / "einladung.txt"
    german.write_text(
        "Einladung\nGemeinderat der Stadt Lindenhain\nMontag, 07. April 2025 um 15.00 Uhr\nTagesordnung\n"
        "1. Kreditoperationen\nFD-Buch-14-2025/001\nKenntnisnahme der Kreditüberschreitungen.\n"
        "2. Initiativantrag betreffend Gebühren\nVerf-015-I-4-2025\nDer Gemeinderat möge beschließen.\n",
        encoding="utf-8",
    )
    assert [i.case_number for i in parse(german).agenda_items] == ["FD-Buch-14-2025/001", "Verf-015-I-4-2025"]
    danish = tmp_path / "referat.txt"
    danish.write_text(
        "Referat\nTeknisk Udvalg\nMødedato: 1. oktober 2025 kl. 15.45\nPunkt 1: Lokalplan 12\nBeslutning\n"
        "Udvalget kunne tiltræde indstillingen.\nOle Sand deltog ikke i sagens behandling.\nResume\n"
        "Byrådet behandlede sagen i august. Ida Berg deltog ikke i sagens behandling.\n",
        encoding="utf-8",
    )
    assert [i.absent for i in parse(danish).agenda_items] == [("Ole Sand",)]


def test_owners_nested_under_a_task(tmp_path):
    path = tmp_path / "treffen.md"
    path.write_text(
        "# Treffen 15.04.2025\n\n## Tagesordnung\n\n### Paten für Dienste\n\nDiese Dienste suchen Paten:\n\n"
        "* Webseite: https://example.org/\n* Wiki: https://wiki.example.org/ und weitere Hinweise\n\n"
        "## Protokoll\n\n### Anwesende:\n\n* Oliver\n* nerd42\n\n### Paten für Dienste\n\n"
        "* Webseite\n    * Oliver\n    * nerd42\n* Wiki\n    * Oliver (Inhalt)\n",
        encoding="utf-8",
    )
    actions = [(a.text, a.owners) for a in parse(path).action_items]
    assert actions == [("Webseite", ("Oliver", "nerd42")), ("Wiki", ("Oliver",))]


def test_speakers_of_a_debate_are_present_under_their_full_names(tmp_path):
    path = tmp_path / "landtag.txt"
    path.write_text(
        "Protokoll der 12. Sitzung des Kreistags Birkenfeld vom 4. März 2025\n"
        "Anwesend: Greta Ulmenhof (Vorsitz)\n"
        "TOP 1 Antrag von Jonas Weidenbach und Dr. Ilse Brombach zur Radwegeplanung\n"
        "Weidenbach, Grüne: Wir beantragen die Aufnahme des Radwegs in den Haushalt.\n"
        "Dr. Ilse Brombach (SPD): Wir unterstützen den Antrag.\n"
        "Fraktionssprecher Kiesel, Freie Wähler: Wir lehnen ihn ab.\n"
        "Beschluss: Der Antrag wird mit 31 Ja- gegen 12 Nein-Stimmen angenommen.\n",
        encoding="utf-8",
    )
    present = [(p.name, p.role, p.function) for p in parse(path).participants if p.status == "present"]
    assert present == [
        ("Greta Ulmenhof", "Vorsitz", "chair"),
        ("Jonas Weidenbach", None, "member"),
        ("Ilse Brombach", None, "member"),
        ("Kiesel", "Fraktionssprecher", "member"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "owners"),
    [
        (
            "vorstand.txt",
            "Protokoll der Vorstandssitzung des Fördervereins Lindenschule am 5. Mai 2025\n"
            "Anwesend: Tilda Brennholz, Oskar Weidling, Ruth Kamille\n"
            "TOP 1 Sommerfest\nTilda kümmert sich um die Getränke. V: Tilda T: 20.06.2025\n"
            "Aufbau der Bühne V: Weidling T: 27.06.2025\n",
            [("Tilda Brennholz",), ("Oskar Weidling",)],
        ),
        (
            "bestyrelse.md",
            "# Referat af bestyrelsesmøde i Grundejerforeningen Kløvermarken 12. maj 2025\n\n"
            "Til stede: Asta Lyngby, Carl Enghave\n\n## Punkt 1: Vejbelysning\n\n"
            "Carl kontakter kommunen om lygtepælene.\n\nAnsvarlig: Carl\n",
            [("Carl Enghave",)],
        ),
    ],
)
def test_a_task_owner_written_by_first_name_or_surname_is_the_full_name_given(tmp_path, name, text, owners):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert [action.owners for action in parse(path).action_items] == owners


def test_members_listed_with_their_place_of_residence(tmp_path):
    path = tmp_path / "kantonsrat.txt"
    path.write_text(
        "Protokoll der Sitzung des Kantonsrats vom 3. Juni 2025\n"
        "Entschuldigt:\nAmmann Regula, Seedorf\nKeller Urs, Bürglen\nAnwesend: 112 Mitglieder\n"
        "TOP 1 Wahl der Präsidentin\nBeschluss: Die Wahl wird einstimmig angenommen.\n",
        encoding="utf-8",
    )
    absent = [(p.name, p.excused) for p in parse(path).participants if p.status == "absent"]
    assert absent == [("Ammann Regula", True), ("Keller Urs", True)]


def test_an_agenda_records_no_attendance(tmp_path):
    path = tmp_path / "einladung.txt"
    path.write_text(
        "Einladung zur Sitzung des Sportausschusses am 9. Oktober 2025\n"
        "Eingeladen: Henrike Sandbirke, Malte Wiesel\nEntschuldigt: Paula Rohrdommel\n"
        "Tagesordnung\nTOP 1 Hallenbelegung\nTOP 2 Verschiedenes\n",
        encoding="utf-8",
    )
    record = parse(path)
    assert (record.kind, record.participants) == ("agenda", ())


@pytest.mark.parametrize(
    ("title", "lang", "body"),
    [
        ("Sitzungsprotokoll Arbeitsgruppe Radverkehr", "de", "Arbeitsgruppe Radverkehr"),
        ("Beboerrådsmøde 12 marts 2024.", "da", "Beboerråd"),
        ("Protokoll Vorstand Musterverein am 3. Mai 2024", "de", "Vorstand Musterverein"),
    ],
)
def test_the_body_without_the_document_word_before_it_or_the_date_after_it(title, lang, body):
    from minutes.extract.meeting import _body
    from minutes.vocab import load_vocabulary

    assert _body([title], load_vocabulary(lang)["meeting"])[0] == body


@pytest.mark.parametrize(
    ("header", "lang", "location"),
    [
        ("Referat af generalforsamling\nonsdag den 6. marts 2024 i\nfælleshuset:\n", "da", "fælleshuset"),
        ("Protokoll der Elternversammlung\nDienstag, 4. Juni 2024 im Raum 12\n", "de", "Raum 12"),
        ("Referat af generalforsamling i Grundejerforeningen Lyngtoften\n6. marts 2024\n", "da", None),
    ],
)
def test_a_venue_named_after_the_date(tmp_path, header, lang, location):
    items = {
        "da": "\n1. Valg af dirigent\nKaj blev valgt.\n2. Regnskab\nRegnskabet blev godkendt.\n",
        "de": "\n1. Begrüßung\nDie Vorsitzende begrüßt alle.\n2. Kasse\nDer Bericht wird angenommen.\n",
    }
    path = tmp_path / "referat.txt"
    path.write_text(header + items[lang], encoding="utf-8")
    assert parse(path).meeting.location == location
