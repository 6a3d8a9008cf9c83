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
