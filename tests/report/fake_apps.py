"""Stand-in app contributions for tests of the report's own logic (each app tests its own
contribution); STATE lets a test make an app's check fail or its records disappear."""

APPS = ("reviews", "priority_groups", "training", "datasets", "feedback")

STATE: dict[str, dict] = {}


def reset():
    STATE.clear()
    for app in APPS:
        STATE[app] = {"has_records": True, "checks": [], "count": 1}


def _contribution(app):
    def contribution(year):
        state = STATE.get(app) or {"has_records": True, "checks": [], "count": 1}
        return {
            "has_records": state["has_records"],
            "checks": list(state["checks"]),
            "year_label": year.label,
            "count": state["count"],
        }

    return contribution


reviews = _contribution("reviews")
priority_groups = _contribution("priority_groups")
training = _contribution("training")
datasets = _contribution("datasets")
feedback = _contribution("feedback")
