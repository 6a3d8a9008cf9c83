"""The pre-approval checklist: every item must pass before an executive member approves.

Items come from the report itself (sections present, narrative written, reflections received,
every app contributing for the year) and from each app's own "checks" (each priority group has
outcome evidence; review actions recorded; training evaluated; feedback present)."""

from __future__ import annotations

from django.urls import reverse

from . import statutory
from .compose import APP_LABELS, structure_in
from .structure import sections_of


def item(label: str, ok: bool, fix_url: str = "") -> dict:
    return {"label": label, "ok": bool(ok), "fix_url": fix_url or ""}


# Every record the checklist asks for is kept by business support in the admin.
WHO_ACTS = "Business support"


def for_viewer(items: list[dict], user) -> list[dict]:
    """The checklist as `user` sees it: each failing item says who must act, and links to where
    to put it right only for those who may go there (an executive member sent to an admin page
    that refuses them learns nothing)."""
    from cscp.roles import Role

    may_fix = user.has_role(Role.BUSINESS_SUPPORT)
    return [
        {**entry, "who": WHO_ACTS, "fix_url": entry["fix_url"] if may_fix else ""}
        for entry in items
    ]


def _admin(name: str, *args) -> str:
    return reverse(f"admin:reporting_{name}", args=args)


def section_checks(report, content: dict, section_ids: dict[str, int]) -> list[dict]:
    present = set(content.get("sections_present", []))
    narrative = content.get("narrative", {})
    items = []
    for section in sections_of(structure_in(content)):
        key, title = section["key"], section["title"]
        if key not in present:
            items.append(
                item(
                    f"Section “{title}” is present", False, _admin("annualreport_change", report.pk)
                )
            )
        elif section["needs_narrative"] and not narrative.get(key):
            items.append(
                item(
                    f"Section “{title}” has its narrative",
                    False,
                    _admin("narrativeblock_add") + f"?section={section_ids.get(key, '')}",
                )
            )
    if not items:
        items.append(item("Every section is present, with its narrative", True))
    return items


def contribution_checks(content: dict) -> list[dict]:
    rows = content.get("contributions", [])
    outstanding = [c for c in rows if c["status"] not in ("received", "not_received")]
    # A recorded decision to publish without a reflection passes, and says so.
    decided = [
        item(f"Reflection from {c['name']} not received: {c.get('decision', '')}", True)
        for c in rows
        if c["status"] == "not_received"
    ]
    if not outstanding:
        return decided or [item("Every requested reflection has been received", True)]
    return decided + [
        item(
            f"Reflection from {c['name']} received ({c['status']}, due {c['due_on']})",
            False,
            _admin("contribution_change", c["id"]),
        )
        for c in outstanding
    ]


def app_checks(content: dict, year_label: str) -> list[dict]:
    items = []
    for app, data in content.get("apps", {}).items():
        label = APP_LABELS.get(app, app)
        if data is None:
            items.append(item(f"{label}: contribution to the report is available", False))
            continue
        items.append(
            item(
                f"{label}: records for {year_label}",
                data.get("has_records"),
                f"/admin/{app}/",
            )
        )
        for check in data.get("checks", []):
            items.append(
                item(f"{label}: {check.get('label', '')}", check.get("ok"), check.get("fix_url"))
            )
    return items


def checklist(report, content: dict, section_ids: dict[str, int] | None = None) -> list[dict]:
    return (
        section_checks(report, content, section_ids or {})
        + contribution_checks(content)
        + app_checks(content, content["report"]["year_label"])
        + statutory_checks(report, content)
    )


def statutory_checks(report, content: dict) -> list[dict]:
    """The template's statutory contents checklist: each requirement says what is missing."""
    if getattr(report, "pk", None) is None:
        return []
    return [
        {
            **entry,
            "label": entry["label"] + ("" if entry["ok"] else ": " + " ".join(entry["missing"])),
        }
        for entry in statutory.evaluate(report, content)
    ]


def failing(items: list[dict]) -> list[dict]:
    return [i for i in items if not i["ok"]]
