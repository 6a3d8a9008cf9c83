"""URL converters shared by the apps."""


class TokenConverter:
    """A public link's token (secrets.token_urlsafe: letters, digits, "-" and "_"). Anything
    else (a NUL byte, which PostgreSQL refuses in a query, a slash, a space) is a 404 before
    the view runs."""

    regex = r"[A-Za-z0-9_-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class YearConverter:
    """A reporting year in a URL path, in the one URL form `2021-22` (cscp.years, decision
    0014). The view gets the label (`2021-22`) and looks the year up with
    `cscp.years.year_from_label_or_404`; `reverse()` takes a label, a start year or a
    ReportingYear and always writes the label. The start year alone (`2021`) is still read (as
    `2021-22`) so older links keep working; anything else (`2021-23`, `21-22`) is a 404 before
    the view runs."""

    regex = r"[0-9]{4}(?:-[0-9]{2})?"

    def to_python(self, value: str) -> str:
        from .models import label_for_start_year
        from .years import parse_year

        return label_for_start_year(parse_year(value))  # ValueError: no match, so a 404

    def to_url(self, value) -> str:
        from .models import label_for_start_year
        from .years import parse_year

        if hasattr(value, "start_year"):
            value = value.start_year
        if not isinstance(value, int):
            value = parse_year(str(value))
        return label_for_start_year(value)
