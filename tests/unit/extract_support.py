"""Test support for `rectrack extract`: PDFs laid out like a final report, made with reportlab.

The layout is done here, line by line, so that the tests know what the PDF holds: an A4 title
page, a table of contents, chapters with footnotes (superscript markers in the text, notes set
smaller at the foot of the page), a running header and a "Page x of y" footer on every page but
the first, justified paragraphs with words hyphenated at line ends, and numbered recommendations
with a hanging indent that run across page breaks.

Markup in the source texts (none of it reaches the PDF's words):
    [[note]]   a footnote: a superscript number here, the note at the foot of the page
    ¬          a forced line break inside a word; a hyphen is drawn after a letter
    ¦          a forced line break between two words
    U+00AD     a place where the word may be hyphenated if it does not fit
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 72.0
RIGHT = PAGE_WIDTH - 72.0
TOP = PAGE_HEIGHT - 80.0
BOTTOM = 72.0
BODY_SIZE = 11.0
LEADING = 14.0
NOTE_SIZE = 8.5
NOTE_LEADING = 10.0
MARKER_SIZE = 6.5
MARKER_RISE = 4.0
HANGING = 22.0
SOFT = "\u00ad"
_NOTE = re.compile(r"\[\[(.+?)\]\]")

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def expected_text(source: str) -> str:
    """What extraction must give back for a source text: the markup taken out."""
    text = _NOTE.sub("", source)
    return text.replace("¬", "").replace("¦", " ").replace(SOFT, "")


@dataclass(frozen=True)
class Fonts:
    regular: str = "Times-Roman"
    bold: str = "Times-Bold"
    italic: str = "Times-Italic"

    @classmethod
    def dejavu(cls) -> Fonts:
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(DEJAVU_BOLD)))
        return cls("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans")


# --- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    size: float = 12.0
    space_before: float = 14.0


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Item:
    number: str
    text: str


@dataclass(frozen=True)
class Plain:
    """A line set as it is (a table of contents entry, a results row)."""

    text: str
    size: float = BODY_SIZE


@dataclass(frozen=True)
class NewPage:
    pass


Block = Heading | Paragraph | Item | Plain | NewPage


# --- layout -----------------------------------------------------------------------------------


@dataclass
class _Word:
    text: str  # may end with "-" where the layout hyphenated it
    notes: list[int] = field(default_factory=list)


@dataclass
class _PageOps:
    number: int
    ops: list[tuple[str, float, float, str, float]] = field(default_factory=list)
    notes: list[tuple[int, list[str]]] = field(default_factory=list)
    y: float = TOP
    note_height: float = 0.0


@dataclass
class Layout:
    """Where things ended up: the page of every line of every item, hyphenated line ends."""

    item_pages: dict[str, list[int]] = field(default_factory=dict)
    hyphenated: list[str] = field(default_factory=list)
    pages: int = 0


class ReportWriter:
    def __init__(self, fonts: Fonts, header: list[str], title: list[str], footer: str) -> None:
        self.fonts = fonts
        self.header = header
        self.title = title
        self.footer = footer
        self.pages: list[_PageOps] = []
        self.notes: list[str] = []
        self.layout = Layout()

    # -- text measuring and breaking --

    def width(self, text: str, size: float = BODY_SIZE, bold: bool = False) -> float:
        font = self.fonts.bold if bold else self.fonts.regular
        return float(stringWidth(text, font, size))

    def _word_width(self, word: _Word, size: float) -> float:
        return self.width(word.text, size) + sum(
            self.width(str(n), MARKER_SIZE * size / BODY_SIZE) for n in word.notes
        )

    def _tokens(self, text: str) -> list[tuple[str, list[int]]]:
        """Words with the footnote numbers attached to them; forced breaks kept as words."""

        def note(match: re.Match[str]) -> str:
            self.notes.append(match.group(1))
            return f"\x01{len(self.notes)}\x02"

        text = _NOTE.sub(note, text).replace("¦", " ¦ ")
        tokens: list[tuple[str, list[int]]] = []
        for raw in text.split():
            numbers = [int(n) for n in re.findall(r"\x01(\d+)\x02", raw)]
            tokens.append((re.sub(r"\x01\d+\x02", "", raw), numbers))
        return tokens

    def break_lines(self, text: str, first: float, rest: float, size: float) -> list[list[_Word]]:
        lines: list[list[_Word]] = [[]]
        space = self.width(" ", size)

        def room() -> float:
            limit = first if len(lines) == 1 else rest
            used = sum(self._word_width(w, size) for w in lines[-1]) + space * len(lines[-1])
            return limit - used

        for token, notes in self._tokens(text):
            if token == "¦":
                lines.append([])
                continue
            parts = token.split("¬")
            for index, part in enumerate(parts):
                last_part = index == len(parts) - 1
                shown = part if last_part else (part + "-" if part[-1].isalpha() else part)
                word = _Word(shown.replace(SOFT, ""), notes if last_part else [])
                if self._word_width(word, size) > room() and lines[-1]:
                    split = self._soft_split(shown, room() - space, size) if last_part else None
                    if split:
                        head, tail = split
                        lines[-1].append(_Word(head))
                        self.layout.hyphenated.append(head)
                        lines.append([])
                        word = _Word(tail.replace(SOFT, ""), word.notes)
                    else:
                        lines.append([])
                lines[-1].append(word)
                if not last_part:
                    self.layout.hyphenated.append(word.text)
                    lines.append([])
        return [line for line in lines if line]

    def _soft_split(self, word: str, room: float, size: float) -> tuple[str, str] | None:
        for position in range(len(word) - 1, 0, -1):
            if word[position] != SOFT:
                continue
            head = word[:position].replace(SOFT, "") + "-"
            if self.width(head, size) <= room:
                return head, word[position + 1 :]
        return None

    # -- pages --

    def _page(self) -> _PageOps:
        if not self.pages:
            self.pages.append(_PageOps(1))
        return self.pages[-1]

    def new_page(self) -> _PageOps:
        if not self.pages:
            self.pages.append(_PageOps(1))  # the title page
        self.pages.append(_PageOps(len(self.pages) + 1))
        return self.pages[-1]

    def _note_lines(self, number: int) -> list[str]:
        words = self.notes[number - 1].split()
        lines, current = [], ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if self.width(candidate, NOTE_SIZE) > RIGHT - LEFT - 10 and current:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current]

    def place_line(
        self, words: list[_Word], x: float, width: float, *, justify: bool, size: float,
        bold: bool = False, gap: float = 0.0,
    ) -> int:  # fmt: skip
        """Puts one line on the current page, or on a new one; returns the page number."""
        page = self._page()
        notes = [n for word in words for n in word.notes]
        extra = sum(len(self._note_lines(n)) * NOTE_LEADING for n in notes)
        extra += 8.0 if notes and not page.notes else 0.0
        y = page.y - gap - LEADING
        if y < BOTTOM + page.note_height + extra:
            page = self.new_page()
            extra += 8.0 if notes else 0.0
            y = page.y - LEADING
        page.y = y
        page.note_height += extra
        for n in notes:
            page.notes.append((n, self._note_lines(n)))
        font = self.fonts.bold if bold else self.fonts.regular
        natural = sum(self._word_width(w, size) for w in words)
        space = self.width(" ", size)
        if justify and len(words) > 1:
            space = (width - natural) / (len(words) - 1)
        cursor = x
        for word in words:
            page.ops.append(("text:" + word.text, cursor, y, font, size))
            cursor += self.width(word.text, size, bold)
            for n in word.notes:
                marker_size = MARKER_SIZE * size / BODY_SIZE
                page.ops.append((f"text:{n}", cursor, y + MARKER_RISE, font, marker_size))
                cursor += self.width(str(n), marker_size)
            cursor += space
        return page.number

    def add(self, block: Block) -> None:
        if isinstance(block, NewPage):
            self.new_page()
        elif isinstance(block, Heading):
            page = self._page()
            if page.y - block.space_before - 3 * LEADING < BOTTOM + page.note_height:
                self.new_page()
            words = [_Word(w) for w in block.text.split()]
            self.place_line(
                words, LEFT, RIGHT - LEFT, justify=False, size=block.size, bold=True,
                gap=block.space_before,
            )  # fmt: skip
        elif isinstance(block, Plain):
            words = [_Word(w) for w in block.text.split()]
            self.place_line(words, LEFT, RIGHT - LEFT, justify=False, size=block.size)
        elif isinstance(block, Paragraph):
            lines = self.break_lines(block.text, RIGHT - LEFT, RIGHT - LEFT, BODY_SIZE)
            for index, line in enumerate(lines):
                self.place_line(
                    line, LEFT, RIGHT - LEFT, justify=index < len(lines) - 1, size=BODY_SIZE,
                    gap=6.0 if index == 0 else 0.0,
                )  # fmt: skip
        else:
            width = RIGHT - LEFT - HANGING
            lines = self.break_lines(block.text, width, width, BODY_SIZE)
            pages = []
            for index, line in enumerate(lines):
                number = self.place_line(
                    line, LEFT + HANGING, width, justify=index < len(lines) - 1, size=BODY_SIZE,
                    gap=6.0 if index == 0 else 0.0,
                )  # fmt: skip
                if index == 0:
                    page = self.pages[-1]
                    page.ops.append(
                        (f"text:{block.number}.", LEFT, page.y, self.fonts.regular, BODY_SIZE)
                    )
                pages.append(number)
            self.layout.item_pages[block.number] = pages

    def write(self, path: Path) -> Layout:
        total = len(self.pages)
        canvas = Canvas(str(path), pagesize=A4)
        for page in self.pages:
            if page.number == 1:
                self._title_page(canvas)
            else:
                canvas.setFont(self.fonts.italic, 8)
                for index, text in enumerate(self.header):
                    canvas.drawString(LEFT, PAGE_HEIGHT - 36 - index * 10, text)
                canvas.setFont(self.fonts.regular, 8)
                footer = self.footer.format(page=page.number, total=total)
                canvas.drawCentredString(PAGE_WIDTH / 2, 36, footer)
            for op, x, y, font, size in page.ops:
                canvas.setFont(font, size)
                canvas.drawString(x, y, op.removeprefix("text:"))
            if page.notes:
                self._notes(canvas, page)
            canvas.showPage()
        canvas.save()
        self.layout.pages = total
        return self.layout

    def _title_page(self, canvas: Canvas) -> None:
        y = PAGE_HEIGHT - 250
        for text in self.title:
            canvas.setFont(self.fonts.bold, 16)
            canvas.drawCentredString(PAGE_WIDTH / 2, y, text)
            y -= 26

    def _notes(self, canvas: Canvas, page: _PageOps) -> None:
        y = BOTTOM + page.note_height - 8.0
        canvas.line(LEFT, y + 6, LEFT + 150, y + 6)
        for number, lines in page.notes:
            for index, text in enumerate(lines):
                y -= NOTE_LEADING
                if index == 0:
                    canvas.setFont(self.fonts.regular, 5.5)
                    canvas.drawString(LEFT, y + 3, str(number))
                canvas.setFont(self.fonts.regular, NOTE_SIZE)
                canvas.drawString(LEFT + 8, y, text)


def write_report(
    path: Path, blocks: list[Block], *, fonts: Fonts | None = None,
    header: list[str] | None = None, title: list[str] | None = None,
    footer: str = "Page: {page} of {total}",
) -> Layout:  # fmt: skip
    writer = ReportWriter(fonts or Fonts(), header or [], title or [], footer)
    for block in blocks:
        writer.add(block)
    return writer.write(path)


def write_scanned(path: Path) -> None:
    """A PDF whose pages are pictures only: no text layer, as a scanner makes them."""
    from reportlab.lib.utils import ImageReader

    image = Path(path).with_suffix(".png")
    _write_png(image)
    canvas = Canvas(str(path), pagesize=A4)
    for _ in range(2):
        canvas.drawImage(ImageReader(str(image)), 50, 50, width=495, height=742)
        canvas.showPage()
    canvas.save()


def _write_png(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 600), 255)
    draw = ImageDraw.Draw(image)
    for row in range(40, 560, 18):
        draw.line((40, row, 360, row), fill=40, width=6)
    image.save(path)


# --- the English final report -----------------------------------------------------------------

HEADER = [
    "Republic of Testland, Parliamentary Elections, 12 March 2023",
    "ODIHR Election Observation Mission Final Report",
]
TITLE = [
    "REPUBLIC OF TESTLAND",
    "PARLIAMENTARY ELECTIONS",
    "12 March 2023",
    "ODIHR Election Observation Mission",
    "Final Report",
]

# (number, source text, priority, the heading it sits under)
RECOMMENDATIONS: list[tuple[str, str, bool, str | None]] = [
    (
        "1",
        "The legal framework should be reviewed comprehensively, well in advance of the next "
        "elections and through an inclusive public consultation, to address the gaps and "
        "ambi¬guities identified in this and previous ODIHR reports and to bring it in line "
        "with OSCE commit\u00adments and other international obligations and standards.",
        True,
        None,
    ),
    (
        "2",
        "As previously recommended, the restrictions on the right to stand for office on the "
        "basis of residency, language proficiency and a criminal record, regardless of the "
        "gravity of the offence, should be lifted, and the requirement of 10,000 support "
        "signatures for indepen¬dent candidates should be reduced.",
        True,
        None,
    ),
    (
        "3",
        "To increase public confidence in the independence of the election administration, the "
        "appointment procedure for members of the Central Election Commission should be "
        "revised to ensure a pluralistic composition, and its sessions should be open to "
        "observers, candidates and the media.[[The CEC held 14 sessions during the campaign; 9 "
        "of them were announced less than two hours in advance.]]",
        True,
        None,
    ),
    (
        "4",
        "Undue restrictions on the freedoms of peaceful assembly and expression should be "
        "removed, including the requirement to obtain prior permission for public gatherings, "
        "and the criminal liability for insulting public officials should be repealed.",
        True,
        None,
    ),
    (
        "5",
        "The authorities should take effective measures to prevent the misuse of "
        "administrative resources, including a clear separation between the functions of state "
        "and party, and should sanction any pressure on public employees to attend campaign "
        "events.",
        True,
        None,
    ),
    (
        "6",
        "Defamation should be decriminalized and replaced with proportionate civil sanctions. "
        "The independence of the public broadcaster and of the media regulator should be "
        "guaranteed in law and in practice.[[See paragraph 47 of the 2011 General Comment No. "
        "34 of the UN Human Rights Committee.]]",
        True,
        None,
    ),
    (
        "7",
        "The legal framework for the resolution of election disputes should be revised to "
        "guarantee the right to an effective remedy, with reasonable deadlines for the filing "
        "and consideration of complaints and appeals, and with public hearings.",
        True,
        None,
    ),
    (
        "8",
        "Results of the vote count should be posted at each polling station, and detailed "
        "results by polling station should be published on the website of the Central Election "
        "Commis¬sion in a timely manner, in a machine-readable format, to enhance transparency.",
        True,
        None,
    ),
    (
        "9",
        "The Election Code should be amended to regulate all stages of the electoral process "
        "comprehensively, including the long-¬standing gaps concerning the recount of votes "
        "and the invalidation of election results.",
        False,
        "Legal Framework",
    ),
    (
        "10",
        "Any amendment of the electoral legislation should be adopted at least one year before "
        "an election, following a meaningful public consultation with all stakeholders, "
        "including political parties and civil society.",
        False,
        "Legal Framework",
    ),
    (
        "11",
        "The Central Election Commission should adopt all its decisions in open sessions and "
        "publish them on its website within 24 hours, together with the agendas and minutes of "
        "its sessions.",
        False,
        "Election Administration",
    ),
    (
        "12",
        "The training of polling station commission members should be improved, with a "
        "particular emphasis on the counting and tabulation procedures, the completion of "
        "results protocols and the rights of observers.",
        False,
        "Election Administration",
    ),
    (
        "13",
        "ODIHR reiterates its recommendation that the authorities should undertake a "
        "compre\u00adhensive audit of the voter register, and that the procedures for the removal "
        "of deceased voters and the correction of voter lists should be clear and effective.",
        False,
        "Voter Registration",
    ),
    (
        "14",
        "Voter lists should be available for public scrutiny well in advance of election day, "
        "with due respect for the protection of personal data, to allow voters to check and "
        "correct their entries.",
        False,
        "Voter Registration",
    ),
    (
        "15",
        "The requirements for the verification of support signatures should be reviewed, and "
        "prospective candidates should be given the opportunity to correct minor technical "
        "errors before being denied registration.",
        False,
        "Candidate Registration",
    ),
    (
        "16",
        "Campaign finance legislation should be revised to introduce reasonable limits on "
        "donations and spending, and to require the disclosure of interim financial reports "
        "before election day.[[Parties and candidates had to submit only a final report, 30 "
        "days after election day.]]",
        False,
        "Campaign Finance",
    ),
    (
        "17",
        "The Audit Chamber should be given the mandate and resources to oversee campaign "
        "finance effectively, and should publish its findings and the sanctions imposed for "
        "violations.",
        False,
        "Campaign Finance",
    ),
    (
        "18",
        "The public broadcaster should provide balanced and impartial coverage of all "
        "contestants, and the provision of free airtime should be allocated on an equitable "
        "basis.",
        False,
        "Media",
    ),
    (
        "19",
        "The media regulator should monitor the campaign coverage of broadcasters proactively "
        "and should handle complaints in a timely and transparent manner.",
        False,
        "Media",
    ),
    (
        "20",
        "Courts should consider the substance of all election appeals, within the deadlines "
        "set in Article¦12. Decisions should be reasoned and made public promptly.",
        False,
        "Complaints and Appeals",
    ),
    (
        "21",
        "The right to file complaints about election-day procedures should be extended to "
        "voters and to citizen observers.",
        False,
        "Complaints and Appeals",
    ),
    (
        "22",
        "The law should provide explicitly for citizen and international observation at all "
        "stages of the electoral process, in line with paragraph 8 of the 1990 OSCE Copenhagen "
        "Document.",
        False,
        "Election Observation",
    ),
    (
        "23",
        "Political parties should be encouraged to adopt internal measures to increase the "
        "number of women among their candidates and in elected positions.",
        False,
        "Participation of Women",
    ),
    (
        "24",
        "The secrecy of the vote should be ensured at all polling stations, including by a "
        "layout of the premises that prevents the ballot from being seen and by an end to "
        "group and family voting.",
        False,
        "Election Day",
    ),
    (
        "25",
        "Polling stations should be made accessible to persons with disabilities, and the "
        "authorities should consider introducing tactile ballot guides for voters with visual "
        "impairments.",
        False,
        "Election Day",
    ),
]

CHAPTER = (
    "The {name} was assessed against OSCE commitments and other international obligations and "
    "standards for democratic elections, as well as national legislation.[[This report draws "
    "on interviews with the authorities and contestants.]] Overall, the inter\u00adlocutors of "
    "the ODIHR mission expressed confidence in the {name_lower}, although several "
    "recommendations made in previous reports remain unaddressed. The ODIHR mission noted "
    "improvements in some areas, among them the timely publication of decisions, yet a number "
    "of long-standing concerns remain and are discussed below, together with the findings of "
    "the mission's long-term observers in all regions of the country."
)


def english_blocks() -> list[Block]:
    blocks: list[Block] = [NewPage(), Heading("TABLE OF CONTENTS")]
    for entry, page in (
        ("I. EXECUTIVE SUMMARY", 1), ("II. INTRODUCTION", 3), ("III. LEGAL FRAMEWORK", 4),
        ("IV. ELECTION ADMINISTRATION", 5), ("V. RECOMMENDATIONS", 7),
        ("A. PRIORITY RECOMMENDATIONS", 7), ("B. OTHER RECOMMENDATIONS", 8),
        ("ANNEX I: FINAL ELECTION RESULTS", 10), ("ABOUT ODIHR", 11),
    ):  # fmt: skip
        blocks.append(Plain(f"{entry} {'.' * (70 - len(entry))} {page}"))
    blocks += [NewPage(), Heading("I. EXECUTIVE SUMMARY", size=12)]
    blocks += [
        Paragraph(
            "Following an invitation from the authorities, ODIHR deployed an Election "
            "Observation Mission to observe the 12 March 2023 parliamentary elections.[[The "
            "mission was deployed on 30 January 2023 and stayed until 20 March 2023.]] The "
            "elections were competitive, but fundamental freedoms were restricted, and "
            "recommendations made in previous reports remain to be addressed. This report "
            "offers a number of recommendations to support efforts to bring elections in the "
            "Republic of Testland closer in line with OSCE commitments."
        ),
        Paragraph(
            "Priority recommendations relate to the legal framework, candidate registration, "
            "the composition of the election administration, fundamental freedoms, the misuse "
            "of administrative resources, the media, election disputes and the transparency of "
            "results. ODIHR stands ready to assist the authorities in their efforts."
        ),
    ]
    for name in ("Introduction", "Legal Framework", "Election Administration"):
        numeral = {"Introduction": "II", "Legal Framework": "III"}.get(name, "IV")
        blocks.append(Heading(f"{numeral}. {name.upper()}"))
        for _ in range(3):
            blocks.append(Paragraph(CHAPTER.format(name=name, name_lower=name.lower())))
    blocks += [
        Heading("V. RECOMMENDATIONS"),
        Paragraph(
            "These recommendations, as contained throughout the text, are offered with a view "
            "to further improving the conduct of elections in the Republic of Testland and "
            "supporting efforts to bring them fully in line with OSCE commitments and other "
            "international obligations and standards.[[In paragraph 25 of the 1999 OSCE "
            "Istanbul Document, OSCE participating States committed themselves to follow up "
            "promptly ODIHR's election assessment and recommendations.]] ODIHR stands ready to "
            "assist the authorities of the Republic of Testland to further improve the "
            "electoral process."
        ),
        Heading("A. PRIORITY RECOMMENDATIONS", size=11),
    ]
    heading: str | None = None
    for number, text, priority, under in RECOMMENDATIONS:
        if not priority and number == "9":
            blocks.append(Heading("B. OTHER RECOMMENDATIONS", size=11))
        if under != heading and under is not None:
            blocks.append(Heading(under, size=11, space_before=8.0))
        heading = under
        blocks.append(Item(number, text))
    blocks += [
        NewPage(),
        Heading("ANNEX I: FINAL ELECTION RESULTS"),
        Plain("1. Party of Progress 412,300 41.3"),
        Plain("2. Civic Union 301,944 30.2"),
        Plain("3. Green Testland 98,120 9.8"),
        Heading("ABOUT ODIHR"),
        Paragraph(
            "The Office for Democratic Institutions and Human Rights (ODIHR) is the OSCE's "
            "principal institution to assist participating States to ensure full respect for "
            "human rights and fundamental freedoms."
        ),
    ]
    return blocks


def write_english_report(path: Path) -> Layout:
    return write_report(path, english_blocks(), header=HEADER, title=TITLE)


# --- the Russian final report -----------------------------------------------------------------

RU_HEADER = [
    "Республика Экзамплия, парламентские выборы, 12 марта 2023 г.",
    "Окончательный отчет Миссии БДИПЧ по наблюдению за выборами",
]
RU_TITLE = ["РЕСПУБЛИКА ЭКЗАМПЛИЯ", "ПАРЛАМЕНТСКИЕ ВЫБОРЫ", "12 марта 2023 г."]
RU_RECOMMENDATIONS: list[tuple[str, str, bool, str | None]] = [
    (
        "1",
        "Следует провести всесторонний пересмотр избирательного законодательства в рамках "
        "инклюзивного процесса консуль¬таций задолго до следующих выборов, чтобы устранить "
        "пробелы и противоречия, отмеченные в настоящем и предыдущих отчетах БДИПЧ.",
        True,
        None,
    ),
    (
        "2",
        "Как рекомендовалось ранее, следует отменить ограничения права баллотироваться, "
        "основанные на требованиях к месту жительства и знанию государственного языка.[[Статья "
        "41 Избирательного кодекса.]]",
        True,
        None,
    ),
    (
        "3",
        "Для повышения доверия к избирательной администрации следует обеспечить "
        "плюралистический состав Центральной избирательной комиссии, а ее заседания должны "
        "быть открыты для наблюдателей, кандидатов и средств массовой информации.",
        True,
        None,
    ),
    (
        "4",
        "Клевета должна быть декриминализирована, а независимость общественного вещателя и "
        "органа, регулирующего деятельность СМИ, должна быть гарантирована законом и на "
        "практике.",
        True,
        None,
    ),
    (
        "5",
        "Поправки к Избирательному кодексу следует принимать не позднее чем за год до выборов, "
        "по итогам открытого обсуждения с участием политических партий и гражданского общества.",
        False,
        "Правовая база",
    ),
    (
        "6",
        "Власти должны обеспечить точность списков избирателей и предоставить избирателям "
        "возможность проверять свои данные заблаго\u00adвременно до дня голосования, соблюдая "
        "требования о защите персональных данных.",
        False,
        "Регистрация избирателей",
    ),
    (
        "7",
        "Орган, регулирующий деятельность СМИ, должен рассматривать жалобы своевременно и "
        "прозрачно, а также публиковать свои решения на официальном сайте.",
        False,
        "СМИ",
    ),
    (
        "8",
        "Следует принять меры для обеспечения тайны голосования на всех избирательных "
        "участках, включая надлежащую организацию помещений для голосования и пресечение "
        "группового голосования.",
        False,
        "День выборов",
    ),
    (
        "9",
        "Избирательные участки должны быть доступны для лиц с инвалидностью и пожилых "
        "избирателей, а избира¬тельная администрация должна предусмотреть для них специальные "
        "средства голосования.",
        False,
        "День выборов",
    ),
]


def russian_blocks() -> list[Block]:
    blocks: list[Block] = [NewPage(), Heading("I. РЕЗЮМЕ")]
    for _ in range(4):
        blocks.append(
            Paragraph(
                "Выборы прошли в конкурентной среде, однако ряд основных свобод был ограничен, а "
                "многие рекомендации, содержащиеся в предыдущих отчетах, по-прежнему не "
                "выполнены.[[Миссия была развернута 30 января 2023 г.]] Настоящий отчет "
                "содержит ряд рекомендаций, направленных на приведение выборов в соответствие с "
                "обязательствами ОБСЕ и другими международными стандартами."
            )
        )
    blocks += [
        Heading("XII. РЕКОМЕНДАЦИИ"),
        Paragraph(
            "Настоящие рекомендации, приведенные по всему тексту отчета, направлены на "
            "совершенствование проведения выборов в Республике Экзамплия."
        ),
        Heading("А. ПРИОРИТЕТНЫЕ РЕКОМЕНДАЦИИ", size=11),
    ]
    heading: str | None = None
    for number, text, priority, under in RU_RECOMMENDATIONS:
        if not priority and heading is None:
            blocks.append(Heading("Б. ДРУГИЕ РЕКОМЕНДАЦИИ", size=11))
        if under is not None and under != heading:
            blocks.append(Heading(under, size=11, space_before=8.0))
            heading = under
        blocks.append(Item(number, text))
    blocks += [
        Heading("ПРИЛОЖЕНИЕ: ОКОНЧАТЕЛЬНЫЕ РЕЗУЛЬТАТЫ ВЫБОРОВ"),
        Plain("1. Партия прогресса 41,3"),
        Plain("2. Гражданский союз 30,2"),
    ]
    return blocks


def write_russian_report(path: Path) -> Layout:
    return write_report(
        path, russian_blocks(), fonts=Fonts.dejavu(), header=RU_HEADER, title=RU_TITLE,
        footer="Страница {page} из {total}",
    )  # fmt: skip
