"""Path converters that accept only dates the archive can have.

A value outside the range never matches, so the request is a plain 404 instead of
reaching date arithmetic that could overflow (year 9999 + one month) and answer 500.
"""


class YearConverter:
    regex = "[0-9]{4}"
    min_year, max_year = 1990, 2200

    def to_python(self, value):
        year = int(value)
        if not self.min_year <= year <= self.max_year:
            raise ValueError(f"year {year} is outside the archive")
        return year

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        month = int(value)
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
        return month

    def to_url(self, value):
        return f"{int(value):02d}"


class DayConverter:
    """Day of month 01-31; whether the day exists in that month is the view's check."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        day = int(value)
        if not 1 <= day <= 31:
            raise ValueError(f"day {day} does not exist")
        return day

    def to_url(self, value):
        return f"{int(value):02d}"


class PageConverter:
    regex = "[0-9]{1,6}"

    def to_python(self, value):
        page = int(value)
        if page < 1:
            raise ValueError("pages start at 1")
        return page

    def to_url(self, value):
        return str(int(value))
