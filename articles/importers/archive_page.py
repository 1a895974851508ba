"""Reads the text of a WordPress monthly archive page ("Archives April 2025").

The text is what a browser shows when the page is copied: some site chrome, the
page title, then for each article a bullet with the month, weekday and year
("• Apr, Thu, 2025"), the article title, and its sections: a heading followed by
one or more paragraphs. Blocks are separated by blank lines. A block that ends
like a sentence is a paragraph; any other block is a heading. A question is a heading
too ("Mengapa Pengawasan Anggaran Penting?") when it stands where a heading would: one
short sentence, after the title or a paragraph, and followed by a paragraph. Anywhere
else (after a heading, at the end of an article, several sentences) it is a paragraph.

The page shows only weekdays, so each article gets the latest date in the month
with its weekday that is not later than the article listed above it (the list is
newest first), and the date is marked as inferred for staff to check.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maret", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("agustus", "agu", "agt"),
            ("september", "sep"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("desember", "des"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday", "sen", "senin"),
            ("tue", "tuesday", "sel", "selasa"),
            ("wed", "wednesday", "rab", "rabu"),
            ("thu", "thursday", "kam", "kamis"),
            ("fri", "friday", "jum", "jumat"),
            ("sat", "saturday", "sab", "sabtu"),
            ("sun", "sunday", "min", "minggu"),
        ]
    )
    for name in names
}

PAGE_TITLE = re.compile(r"^(?:archives|arsip)\s+(?P<month>\w+)\s+(?P<year>\d{4})$", re.IGNORECASE)
DATE_BULLET = re.compile(
    r"^[•*\-]\s*(?P<month>\w+),\s*(?P<weekday>\w+),\s*(?P<year>\d{4})$", re.IGNORECASE
)
# Closing quotes count too: \u201d and \u2019 are the typographic ones.
# Titles and headings are stored in 255-character columns.
MAX_HEADING_LENGTH = 255
SENTENCE_END = (".", "!", "?", "…", '"', "\u201d", "'", "\u2019", ")", ":", ";")
# A question heading is one sentence of at most this many words; the seed page's
# headings have up to 9 words, its paragraphs at least 39.
QUESTION_HEADING_MAX_WORDS = 15
# Sentence punctuation followed by a space: a block holding it has several sentences.
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s")


class ArchiveFormatError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"baris {line}: {message}")
        self.line = line


@dataclass
class ParsedSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class ParsedArticle:
    title: str
    weekday: int
    line: int
    sections: list[ParsedSection] = field(default_factory=list)
    date: datetime.date | None = None
    order_in_day: int = 0
    articles_in_day: int = 1
    slug: str = ""


@dataclass
class ParsedPage:
    year: int
    month: int
    articles: list[ParsedArticle]


def blocks(text: str):
    """(line number, text) for each run of non-blank lines, lines joined by a space."""
    current, start = [], 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            yield start, " ".join(current)
            current = []
    if current:
        yield start, " ".join(current)


def parse(text: str) -> ParsedPage:
    year = month = None
    articles: list[ParsedArticle] = []
    expecting_title = False

    all_blocks = list(blocks(text))
    for index, (line, block) in enumerate(all_blocks):
        if year is None:
            # Site chrome ("DPRD Palopo", "Loading") comes before the page title.
            if match := PAGE_TITLE.match(block):
                month = _month(match["month"], line)
                year = int(match["year"])
            continue

        if bullet := DATE_BULLET.match(block):
            if expecting_title:
                raise ArchiveFormatError(line, "tanggal baru sebelum judul artikel sebelumnya")
            _close(articles)
            if _month(bullet["month"], line) != month or int(bullet["year"]) != year:
                raise ArchiveFormatError(
                    line, f"tanggal «{block}» tidak berada di bulan arsip ini ({month:02d}/{year})"
                )
            weekday = WEEKDAYS.get(bullet["weekday"].lower())
            if weekday is None:
                raise ArchiveFormatError(line, f"nama hari «{bullet['weekday']}» tidak dikenal")
            articles.append(ParsedArticle(title="", weekday=weekday, line=line))
            expecting_title = True
        elif not articles:
            raise ArchiveFormatError(line, "teks sebelum tanggal artikel pertama")
        elif expecting_title:
            _check_length(block, line, "judul artikel")
            articles[-1].title = block
            expecting_title = False
        else:
            following = all_blocks[index + 1][1] if index + 1 < len(all_blocks) else None
            _add_block(articles[-1], block, line, following)

    if year is None:
        raise ArchiveFormatError(1, "judul halaman «Archives <Bulan> <Tahun>» tidak ditemukan")
    if expecting_title:
        raise ArchiveFormatError(articles[-1].line, "artikel tanpa judul di akhir berkas")
    _close(articles)
    if not articles:
        raise ArchiveFormatError(1, "tidak ada artikel")
    _infer_dates(articles, year, month)
    _assign_slugs(articles)
    return ParsedPage(year=year, month=month, articles=articles)


def _month(name: str, line: int) -> int:
    number = MONTHS.get(name.lower())
    if number is None:
        raise ArchiveFormatError(line, f"nama bulan «{name}» tidak dikenal")
    return number


def _is_question_heading(article: ParsedArticle, block: str, following: str | None) -> bool:
    """A short one-sentence question standing where a heading would (module docstring)."""
    return (
        _could_be_question_heading(block)
        # After the title or a paragraph: a heading still waiting for its paragraph
        # takes the question as that paragraph.
        and (not article.sections or bool(article.sections[-1].paragraphs))
        # Followed by a paragraph of the same article: not a date bullet, not the end,
        # not a heading, nor another such question (of two in a row, the second is the
        # heading and the first stays a paragraph).
        and following is not None
        and following.endswith(SENTENCE_END)
        and not DATE_BULLET.match(following)
        and not _could_be_question_heading(following)
    )


def _could_be_question_heading(block: str) -> bool:
    return (
        block.endswith("?")
        and len(block.split()) <= QUESTION_HEADING_MAX_WORDS
        and len(block) <= MAX_HEADING_LENGTH
        and not _INNER_SENTENCE_END.search(block)
    )


def _add_block(article: ParsedArticle, block: str, line: int, following: str | None = None):
    if block.endswith(SENTENCE_END) and not _is_question_heading(article, block, following):
        if not article.sections:
            # Text before the first heading: the article's untitled opening section.
            article.sections.append(ParsedSection(heading="", line=line))
        article.sections[-1].paragraphs.append(block)
    else:
        if article.sections and not article.sections[-1].paragraphs:
            previous = article.sections[-1]
            raise ArchiveFormatError(
                previous.line, f"judul bagian «{previous.heading}» tanpa paragraf"
            )
        _check_length(block, line, "judul bagian (paragraf tanpa tanda baca akhir?)")
        article.sections.append(ParsedSection(heading=block, line=line))


def _check_length(block: str, line: int, what: str):
    if len(block) > MAX_HEADING_LENGTH:
        raise ArchiveFormatError(
            line, f"{what} lebih dari {MAX_HEADING_LENGTH} karakter: «{block[:60]}…»"
        )


def _close(articles: list[ParsedArticle]):
    if not articles:
        return
    article = articles[-1]
    if not article.sections:
        raise ArchiveFormatError(article.line, f"artikel «{article.title}» tidak punya isi")
    last = article.sections[-1]
    if not last.paragraphs:
        raise ArchiveFormatError(last.line, f"judul bagian «{last.heading}» tanpa paragraf")


def _assign_slugs(articles: list[ParsedArticle]):
    """WordPress's slugs: the title's, with -2, -3 ... for a repeated title."""
    taken = set()
    for article in articles:
        base = slugify(article.title) or "artikel"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        article.slug = slug


def _infer_dates(articles: list[ParsedArticle], year: int, month: int):
    bound = datetime.date(year, month, calendar.monthrange(year, month)[1])
    for article in articles:
        back = (bound.weekday() - article.weekday) % 7
        date = bound - datetime.timedelta(days=back)
        if date.month != month:
            raise ArchiveFormatError(
                article.line,
                "tidak ada tanggal dengan hari ini di bulan arsip yang tidak lebih baru "
                "dari artikel di atasnya",
            )
        article.date = bound = date

    for article in articles:
        same_day = [other for other in articles if other.date == article.date]
        article.order_in_day = same_day.index(article)
        article.articles_in_day = len(same_day)
