"""Realistic German and Danish protocols of any length, as PDF, DOCX and TXT, for the benchmarks.

The text is made from the project's own phrase lists: a council committee meeting with a header,
attendance, an agenda, and items with case numbers, explanations, decisions, votes and tasks.
The same seed gives the same documents.

    python benchmarks/generate.py OUT --pages 1 10 500 --formats pdf docx txt
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import docx
from fpdf import FPDF

FONTS = Path("/usr/share/fonts/truetype/dejavu")
ITEMS_PER_PAGE = 2.8  # agenda items of the length written here fill an A4 page at 10 pt


@dataclass(frozen=True)
class Language:
    code: str
    months: tuple[str, ...]
    title: str  # "Niederschrift über die Sitzung des {body}"
    bodies: tuple[str, ...]
    places: tuple[str, ...]
    header: tuple[str, ...]  # label lines: date, start, end, place
    present: str
    excused: str
    agenda: str
    item: str  # "TOP {n}" or "Punkt {n}"
    case: str
    sections: tuple[str, str]  # explanation, decision
    subjects: tuple[str, ...]
    sentences: tuple[str, ...]
    decisions: tuple[str, ...]
    votes: str
    task: str  # "V: {owner} T: {due}"
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


GERMAN = Language(
    code="de",
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    title="Niederschrift über die öffentliche Sitzung des {body}",
    bodies=(
        "Bau- und Umweltausschusses",
        "Haupt- und Finanzausschusses",
        "Schulausschusses",
        "Ausschusses für Kultur und Sport",
        "Ortschaftsrates",
    ),
    places=("Rathaus, Großer Sitzungssaal", "Bürgerhaus, Saal 2", "Feuerwehrhaus, Schulungsraum"),
    header=(
        "Sitzungstermin: {weekday}, {date}",
        "Sitzungsbeginn: {start} Uhr",
        "Sitzungsende: {end} Uhr",
        "Ort, Raum: {place}",
    ),
    present="Anwesend:",
    excused="Entschuldigt:",
    agenda="Tagesordnung:",
    item="TOP {n}",
    case="Vorlage: {year}/{number:04d}",
    sections=("Sachverhalt:", "Beschluss:"),
    subjects=(
        "Bebauungsplan Nr. {n} „Am Mühlbach“",
        "Sanierung der Grundschule am Lindenplatz",
        "Haushaltssatzung und Haushaltsplan {year}",
        "Radwegekonzept für die Kernstadt",
        "Zuschuss an den Sportverein für die Flutlichtanlage",
        "Neubau der Kindertagesstätte Süd",
        "Straßenbeleuchtung: Umstellung auf LED",
        "Antrag der Fraktion auf Tempo 30 in der Hauptstraße",
        "Vergabe der Winterdienstleistungen",
        "Friedhofsgebührensatzung, Änderung",
        "Jahresabschluss der Stadtwerke",
        "Bericht der Verwaltung zum Breitbandausbau",
    ),
    sentences=(
        "Die Verwaltung erläutert den Stand der Planung und die bisherigen Ergebnisse der Beteiligung.",
        "Die Kosten werden auf rund {amount} Euro geschätzt; Mittel stehen im Haushalt bereit.",
        "In der Aussprache wird nach dem Zeitplan und den Auswirkungen auf die Anwohner gefragt.",
        "Der Fachbereich weist darauf hin, dass eine Förderung beantragt werden kann.",
        "Mehrere Mitglieder regen an, die Ortsbeiräte frühzeitig einzubeziehen.",
        "Die Stellungnahmen der Träger öffentlicher Belange liegen der Vorlage als Anlage bei.",
        "Eine Fertigstellung ist für das Frühjahr des kommenden Jahres vorgesehen.",
        "Auf Nachfrage wird bestätigt, dass die Ausschreibung europaweit erfolgt.",
        "Die Sitzung wird für eine kurze Beratung der Fraktionen unterbrochen.",
        "Der Ausschuss bittet um einen Bericht über die Erfahrungen nach einem Jahr.",
    ),
    decisions=(
        "Der Ausschuss beschließt die Vorlage in der vorgelegten Fassung.",
        "Der Ausschuss empfiehlt dem Stadtrat, dem Vorhaben zuzustimmen.",
        "Der Ausschuss nimmt den Bericht der Verwaltung zur Kenntnis.",
        "Der Antrag wird abgelehnt.",
        "Die Beratung wird vertagt.",
    ),
    votes="Abstimmungsergebnis: Ja: {for_} Nein: {against} Enthaltungen: {abstain}",
    task="V: {owner} T: {due}",
    first_names=(
        "Anna",
        "Thomas",
        "Sabine",
        "Michael",
        "Claudia",
        "Jörg",
        "Petra",
        "Stefan",
        "Ute",
        "Jürgen",
    ),
    last_names=(
        "Müller",
        "Schneider",
        "Fischer",
        "Weber",
        "Becker",
        "Hoffmann",
        "Schäfer",
        "Koch",
        "Richter",
        "Wolf",
        "Neumann",
        "Schwarz",
    ),
)

DANISH = Language(
    code="da",
    months=(
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    title="Referat fra mødet i {body}",
    bodies=(
        "Teknik- og Miljøudvalget",
        "Økonomiudvalget",
        "Børne- og Skoleudvalget",
        "Kultur- og Fritidsudvalget",
        "Social- og Sundhedsudvalget",
    ),
    places=("Rådhuset, mødelokale 2", "Borgernes Hus, lokale 1.14", "Kulturhuset, salen"),
    header=(
        "Mødedato: {weekday} den {date}",
        "Mødetidspunkt: kl. {start}",
        "Sluttidspunkt: kl. {end}",
        "Mødested: {place}",
    ),
    present="Deltagere:",
    excused="Afbud:",
    agenda="Dagsorden:",
    item="Punkt {n}.",
    case="Sagsnr.: {year}/{number:05d}",
    sections=("Sagsfremstilling", "Beslutning"),
    subjects=(
        "Lokalplan nr. {n} for boliger ved Engvej",
        "Renovering af Østre Skole",
        "Budget {year}, 1. behandling",
        "Trafiksikkerhedsplan for midtbyen",
        "Tilskud til idrætsforeningens nye kunstgræsbane",
        "Nyt dagtilbud i den sydlige bydel",
        "Udskiftning af gadebelysning til LED",
        "Forslag om hastighedsdæmpning på Skolevej",
        "Udbud af vintervedligeholdelse",
        "Takster for affaldshåndtering",
        "Årsregnskab for forsyningen",
        "Orientering om bredbåndsudbygning",
    ),
    sentences=(
        "Forvaltningen orienterer om status for projektet og resultatet af borgerinddragelsen.",
        "Udgifterne skønnes at udgøre ca. {amount} kr., som er afsat i budgettet.",
        "Under drøftelsen blev der spurgt til tidsplanen og konsekvenserne for naboerne.",
        "Forvaltningen oplyser, at der kan søges om tilskud fra puljen.",
        "Flere medlemmer foreslog, at lokalrådene inddrages tidligt i processen.",
        "Høringssvarene er vedlagt sagen som bilag.",
        "Projektet forventes afsluttet i foråret næste år.",
        "Det blev oplyst, at opgaven sendes i EU-udbud.",
        "Mødet blev kort afbrudt, så grupperne kunne drøfte sagen.",
        "Udvalget ønsker en evaluering efter et år.",
    ),
    decisions=(
        "Udvalget godkendte indstillingen.",
        "Udvalget anbefaler byrådet at godkende forslaget.",
        "Udvalget tog orienteringen til efterretning.",
        "Forslaget blev forkastet.",
        "Sagen blev udsat til næste møde.",
    ),
    votes="For stemte {for_}, imod stemte {against}, {abstain} undlod at stemme.",
    task="Ansvarlig: {owner}. Frist: {due}",
    first_names=("Mette", "Lars", "Hanne", "Søren", "Birgitte", "Jens", "Karen", "Morten", "Lone", "Anders"),
    last_names=(
        "Jensen",
        "Nielsen",
        "Hansen",
        "Pedersen",
        "Andersen",
        "Christensen",
        "Larsen",
        "Sørensen",
        "Rasmussen",
        "Mikkelsen",
        "Østergaard",
        "Kjær",
    ),
)

LANGUAGES = {"de": GERMAN, "da": DANISH}
WEEKDAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
}


@dataclass(frozen=True)
class Line:
    text: str
    style: str = "paragraph"  # title, heading, label, paragraph


def protocol(lang: Language, pages: int, seed: int) -> list[Line]:
    """The lines of one protocol long enough to fill about `pages` A4 pages."""
    rng = random.Random(seed)
    day = date(2015, 1, 5) + timedelta(days=rng.randrange(3650))
    person = lambda: f"{rng.choice(lang.first_names)} {rng.choice(lang.last_names)}"  # noqa: E731
    spoken = f"{day.day}. {lang.months[day.month - 1]} {day.year}" if lang.code == "da" else f"{day:%d.%m.%Y}"
    start = rng.choice(("16:00", "17:00", "18:00", "18:30"))
    fields = {
        "weekday": WEEKDAYS[lang.code][day.weekday()],
        "date": spoken,
        "start": start,
        "end": f"{int(start[:2]) + 2}:{rng.choice(('05', '30', '45'))}",
        "place": rng.choice(lang.places),
    }
    lines = [Line(lang.title.format(body=rng.choice(lang.bodies)), "title")]
    lines += [Line(label.format(**fields), "label") for label in lang.header]
    lines += [Line(lang.present, "label"), *(Line(person()) for _ in range(rng.randint(7, 13)))]
    lines += [Line(lang.excused, "label"), *(Line(person()) for _ in range(rng.randint(1, 3)))]
    items = max(1, round(pages * ITEMS_PER_PAGE))
    subjects = [rng.choice(lang.subjects).format(n=rng.randint(10, 400), year=day.year) for _ in range(items)]
    lines.append(Line(lang.agenda, "label"))
    lines += [Line(f"{lang.item.format(n=n)} {subject}") for n, subject in enumerate(subjects, 1)]
    for n, subject in enumerate(subjects, 1):
        lines.append(Line(f"{lang.item.format(n=n)} {subject}", "heading"))
        lines.append(Line(lang.case.format(year=day.year, number=rng.randint(1, 9999))))
        lines.append(Line(lang.sections[0], "label"))
        for _ in range(rng.randint(2, 4)):
            sentences = rng.sample(lang.sentences, rng.randint(2, 4))
            lines.append(
                Line(" ".join(sentences).format(amount=f"{rng.randint(20, 900) * 1000:,}".replace(",", ".")))
            )
        lines.append(Line(lang.sections[1], "label"))
        lines.append(Line(rng.choice(lang.decisions)))
        if rng.random() < 0.5:
            for_, against = rng.randint(5, 11), rng.randint(0, 4)
            lines.append(Line(lang.votes.format(for_=for_, against=against, abstain=rng.randint(0, 2))))
        if rng.random() < 0.3:
            due = day + timedelta(days=rng.randint(14, 120))
            lines.append(Line(lang.task.format(owner=person(), due=f"{due:%d.%m.%Y}")))
    return lines


def write_txt(lines: list[Line], path: Path) -> Path:
    path.write_text("\n\n".join(line.text for line in lines) + "\n", encoding="utf-8")
    return path


def write_docx(lines: list[Line], path: Path) -> Path:
    document = docx.Document()
    for line in lines:
        if line.style == "title":
            document.add_heading(line.text, level=1)
        elif line.style == "heading":
            document.add_heading(line.text, level=2)
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(line.text).bold = line.style == "label"
    document.save(path)
    return path


class _Protocol(FPDF):
    running_header = ""

    def header(self) -> None:
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, self.running_header, align="R")
        self.ln(10)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(0, 10, f"{self.page_no()}", align="C")


def write_pdf(lines: list[Line], path: Path) -> Path:
    pdf = _Protocol(format="A4")
    pdf.add_font("DejaVu", fname=str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", style="B", fname=str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.running_header = lines[0].text
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for line in lines:
        size, style, gap = {"title": (15, "B", 4), "heading": (12, "B", 3), "label": (10, "B", 1)}.get(
            line.style, (10, "", 1.5)
        )
        pdf.set_font("DejaVu", style=style, size=size)
        pdf.multi_cell(0, size * 0.5, line.text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)
    pdf.output(str(path))
    return path


WRITERS = {"pdf": write_pdf, "docx": write_docx, "txt": write_txt}


def generate(
    out: Path, pages: list[int], formats: list[str], languages: list[str], seed: int = 1
) -> list[Path]:
    """One protocol per language and length, in each format; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for code in languages:
        for number, length in enumerate(pages):
            lines = protocol(LANGUAGES[code], length, seed * 1000 + number)
            for suffix in formats:
                written.append(WRITERS[suffix](lines, out / f"{code}-{length:03d}p-{seed}-{number}.{suffix}"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--formats", nargs="+", default=list(WRITERS), choices=list(WRITERS))
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES), choices=list(LANGUAGES))
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    for path in generate(
        arguments.out, arguments.pages, arguments.formats, arguments.languages, arguments.seed
    ):
        print(path)


if __name__ == "__main__":
    main()
