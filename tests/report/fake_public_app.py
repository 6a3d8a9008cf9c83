"""A stand-in app whose report module has a `public(data)` hook (cscp.reporting.compose's
public_data): it suppresses the count, as an app's hook does for small numbers."""


def contribution(year):
    return {"has_records": True, "count": 3, "year_label": year.label}


def public(data):
    data["count"] = "c"
    return data
