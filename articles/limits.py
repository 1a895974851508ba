"""What one article may hold, checked before the database is asked: its text and its
publish time.

PostgreSQL refuses a search vector over 1 MB ("string is too long for tsvector").
Measured on PostgreSQL 15 with the ``indonesian`` configuration, the worst text (distinct
five-letter words) costs 2.33 bytes of vector per character, so 450,000 characters
would still fit; 300,000 leaves room for the title, headings and tags, which go into
the same vector. That is about 120 pages of a regulation (Perda) in one article.
The admin form, both importers and scripts check through ``text_problems``.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_TEXT_CHARS = 300_000

# As the search index reads a body (articles/search/index.py): markup becomes spaces.
_TAG = re.compile(r"<[^>]*>")


def plain_length(html: str) -> int:
    return len(_TAG.sub(" ", html or ""))


@dataclass
class TextProblem:
    message: str
    section: int | None = None  # 1-based position of the section at fault, if one is


def text_problems(title: str, sections, tag_names=()) -> list[TextProblem]:
    """What is too long in an article of ``sections`` ([(heading, body), ...]).

    A section too long by itself is named; otherwise the article as a whole is
    checked, since all its sections share one search vector.
    """
    problems = []
    total = len(title or "") + sum(len(name) for name in tag_names)
    for number, (heading, body) in enumerate(sections, start=1):
        length = len(heading or "") + plain_length(body)
        total += length
        if length > MAX_TEXT_CHARS:
            problems.append(
                TextProblem(
                    _(
                        "Bagian terlalu panjang: paling banyak %(max)s karakter "
                        "(bagian %(number)s berisi %(length)s). Bagi menjadi beberapa "
                        "artikel, atau lampirkan teks lengkapnya sebagai dokumen."
                    )
                    % {
                        "max": f"{MAX_TEXT_CHARS:,}".replace(",", "."),
                        "number": number,
                        "length": f"{length:,}".replace(",", "."),
                    },
                    section=number,
                )
            )
    if not problems and total > MAX_TEXT_CHARS:
        problems.append(
            TextProblem(
                _(
                    "Artikel terlalu panjang: semua bagian bersama paling banyak %(max)s "
                    "karakter (sekarang %(length)s)."
                )
                % {
                    "max": f"{MAX_TEXT_CHARS:,}".replace(",", "."),
                    "length": f"{total:,}".replace(",", "."),
                }
            )
        )
    return problems


# Publish times the archive accepts. Outside them a date means a typing slip
# (01-01-0001 would even fall outside what Python's dates can hold in UTC, and
# every page listing the article would fail), not a council publication.
EARLIEST_PUBLISH_YEAR = 1990
LATEST_PUBLISH_YEAR = 2100


def publish_time_problem(moment) -> str | None:
    if moment is None or EARLIEST_PUBLISH_YEAR <= moment.year <= LATEST_PUBLISH_YEAR:
        return None
    return _("Waktu terbit harus antara tahun %(first)s dan %(last)s.") % {
        "first": EARLIEST_PUBLISH_YEAR,
        "last": LATEST_PUBLISH_YEAR,
    }
