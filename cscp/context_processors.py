from django.apps import apps
from django.urls import NoReverseMatch, reverse


def _sections_order() -> list[str]:
    return list(getattr(apps.get_app_config("cscp"), "nav_sections", ()))


def navigation(request):
    """The site navigation: every app's `nav_items` that the signed-in user's roles may use,
    grouped in sections (an item's fourth element; its own label if it has none) ordered by
    the cscp app's `nav_sections`. A role sees a section if it may open any page in it; the
    section's link is its first page the role may open, and a section of one such page is shown
    by that page's label. The current section's pages are listed as a second row."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "nav_sections": []}
    links = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            label, url_name, roles = item[:3]
            section = item[3] if len(item) > 3 else label
            if not user.has_role(*roles):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            links.append({"label": label, "url": url, "current": False, "section": section})
    # The current page is the link whose address is the longest prefix of the path, so a return
    # form marks "Returns" and a review's page marks "Reviews" (the home page only on itself).
    path = request.path
    matches = [
        link
        for link in links
        if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))
    ]
    current = max(matches, key=lambda link: len(link["url"])) if matches else None
    if current is not None:
        current["current"] = True
    order = _sections_order()
    grouped: dict[str, list[dict]] = {}
    for link in links:
        grouped.setdefault(link["section"], []).append(link)
    names = sorted(grouped, key=lambda name: order.index(name) if name in order else len(order))
    sections = []
    for name in names:
        pages = grouped[name]
        first = pages[0]
        is_current = current is not None and current in pages
        sections.append(
            {
                "label": name if len(pages) > 1 else first["label"],
                "url": first["url"],
                "pages": pages if len(pages) > 1 else [],
                "current": is_current,
                # aria-current="page" when the section's link is the page itself; "true" when
                # the page is another of the section's.
                "current_page": is_current and current is first,
            }
        )
    return {
        "nav_links": links,
        "nav_sections": sections,
        "nav_current_section": next((s for s in sections if s["current"]), None),
        "user_roles": sorted(r.label for r in user.roles()),
    }


def partnership(request):
    """The partnership's identity for every template (one query per request)."""
    from .partnership.selectors import current_partnership

    return {"partnership": current_partnership(request)}
