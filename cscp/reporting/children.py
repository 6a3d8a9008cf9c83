"""The children and young people's version of the annual report: a short, plain-language
summary of the year (what we learned, what we changed, what children and families told us and
what we did, what happens next), made from the same content as the full report (the apps'
contributions and the partnership's records), never typed separately. Published with the
report; on public pages counts of 1 to 5 are shown as "c", as in the full report."""

from __future__ import annotations

from django.template.loader import render_to_string

from cscp.charts import format_number
from cscp.formatting import suppress_small

TITLE = "Our year {label}: a summary for children and young people"


def title_for(content: dict) -> str:
    return TITLE.format(label=content["report"]["year_label"])


def _count(value, public: bool) -> str:
    """A count of children or families (those who told us about their help): on public pages
    1 to 5 are shown as "c", as in the full report (cscp/disclosure.py)."""
    if value is None:
        return ""
    shown = suppress_small(value) if public else value
    return shown if isinstance(shown, str) else format_number(shown)


def _n(value) -> str:
    """A count that is not of children or families (reviews, aims, courses, guides): never
    hidden, as the full report prints them (issue 14: suppression is for counts of people)."""
    return format_number(value)


def _plural(n, one: str, many: str) -> str:
    return one if n == 1 else many


def summary(content: dict, *, public: bool) -> dict:
    """What the summary says, section by section, each a list of short plain sentences (and
    lists), from the content alone. A section with nothing to say is left out."""
    apps = content.get("apps") or {}
    reviews = apps.get("reviews") or {}
    groups = apps.get("priority_groups") or {}
    training = apps.get("training") or {}
    feedback = apps.get("feedback") or {}
    return {
        "title": title_for(content),
        "year_label": content["report"]["year_label"],
        "learned": _learned(reviews, public),
        "changed": _changed(groups, training, reviews, public),
        "told_us": _told_us(feedback, public),
        "next": [p["title"] for p in content.get("priorities") or []],
    }


def _learned(reviews: dict, public: bool) -> dict:
    sentences, themes = [], []
    rapid = (reviews.get("rapid_reviews") or {}).get("count")
    if rapid:
        sentences.append(
            "When a child is badly hurt or dies, and we think abuse or neglect may be part of "
            "it, we look closely at what happened so that everyone can learn from it. This year "
            f"we did {_n(rapid)} of these quick reviews (we call them rapid reviews)."
        )
    completed = (reviews.get("practice_reviews") or {}).get("completed")
    if completed:
        sentences.append(
            f"We finished {_n(completed)} longer "
            f"{_plural(completed, 'review', 'reviews')} to find out what could have been done "
            "better."
        )
    themes = list(reviews.get("key_themes") or [])
    learning = reviews.get("learning") or {}
    briefings, events = learning.get("briefings") or 0, learning.get("events") or 0
    if briefings or events:
        parts = []
        if briefings:
            parts.append(f"{_n(briefings)} short {_plural(briefings, 'guide', 'guides')}")
        if events:
            parts.append(f"{_n(events)} learning {_plural(events, 'event', 'events')}")
        sentences.append(
            "We shared what we learned with the people who work with children through "
            + " and ".join(parts)
            + "."
        )
    return {"sentences": sentences, "themes": themes}


def _changed(groups: dict, training: dict, reviews: dict, public: bool) -> dict:
    sentences, items = [], []
    for group in groups.get("groups") or []:
        aims = group.get("aims") or []
        done = sum(1 for aim in aims if aim.get("result") == "achieved")
        if aims:
            items.append(
                f"Our {group['name']} did {_n(done)} of the {_n(len(aims))} things it set out "
                "to do."
            )
    completions = training.get("completions")
    if completions:
        sentences.append(
            f"People who work with children finished our safeguarding training "
            f"{_n(completions)} times, so they know better how to keep you safe."
        )
    before, after = training.get("mean_confidence_before"), training.get("mean_confidence_after")
    if before is not None and after is not None:
        sentences.append(
            "After our courses, people told us they felt more sure about what to do: on average "
            f"{format_number(before)} out of 5 before a course and {format_number(after)} out of "
            "5 after it."
        )
    new_courses = [c["title"] for c in training.get("new_courses") or []]
    actions = reviews.get("actions") or {}
    if actions.get("total"):
        sentences.append(
            f"After our reviews we agreed {_n(actions['total'])} "
            f"{_plural(actions['total'], 'thing', 'things')} to change; "
            f"{_n(actions.get('completed', 0))} of them "
            f"{_plural(actions.get('completed', 0), 'is', 'are')} done."
        )
    return {"sentences": sentences, "groups": items, "new_courses": new_courses}


def _told_us(feedback: dict, public: bool) -> dict:
    counts = feedback.get("feedback_counts") or {}
    sentences = []
    if counts.get("received"):
        n = counts["received"]
        who = _plural(n, "child, young person or family", "children, young people and families")
        sentences.append(
            f"{_count(n, public)} {who} told us what they thought of the help they got."
        )
    pairs = [
        {"you_said": p["you_said"], "we_did": p["we_did"], "by": p.get("by", "")}
        for p in feedback.get("you_said_we_did") or []
    ]
    return {"sentences": sentences, "pairs": pairs}


def render_summary(content: dict, *, public: bool) -> str:
    """The summary's body HTML (for its page and its PDF)."""
    return render_to_string(
        "cscp/report/children_body.html", {"s": summary(content, public=public)}
    )
