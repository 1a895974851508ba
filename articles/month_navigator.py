"""The month-archive navigator: the archive's years and months with their counts."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import archive_counts


@dataclass
class YearOfArchive:
    year: int
    count: int = 0
    months: list = field(default_factory=list)


def years_of(rows, open_year):
    """(month, count) rows, newest first, grouped into years; only ``open_year`` lists
    its months (the others link to their year page, which lists them)."""
    years = []
    for month, count in rows:
        if not years or years[-1].year != month.year:
            years.append(YearOfArchive(month.year))
        years[-1].count += count
        if month.year == open_year:
            years[-1].months.append({"month": month, "count": count})
    return years


def month_navigator_html(current_path, month_counts=None, year=None):
    """The navigator's HTML, with the link to ``current_path`` marked as the current page.

    The months of ``year`` (default: the newest) are listed; other years are one link
    each, so a decade of archive stays a short list on a phone.

    Rendering the links was a quarter of an archive page's CPU time. The HTML
    depends only on the month counts, which are read on every request, and the open
    year, so it is rendered once per distinct set of them and can never be stale:
    any change to a count is a different key.
    """
    if month_counts is None:
        month_counts = archive_counts.month_counts()
    rows = tuple((row["month"], row["count"]) for row in month_counts)
    if year is None and rows:
        year = rows[0][0].year
    html = _render_navigator(rows, year, translation.get_language())
    link = f'<a href="{escape(current_path)}">'
    return mark_safe(html.replace(link, link[:-1] + ' aria-current="page">', 1))


@lru_cache(maxsize=64)
def _render_navigator(rows, open_year, language):
    years = years_of(rows, open_year)
    return render_to_string("articles/includes/month_navigator.html", {"years": years})
