from django.apps import apps
from django.urls import NoReverseMatch, reverse


def navigation(request):
    """The links of every app's `nav_items` that the signed-in user's roles may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = []
    for config in apps.get_app_configs():
        for label, url_name, roles in getattr(config, "nav_items", ()):
            if not user.has_role(*roles):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            links.append({"label": label, "url": url, "current": False})
    # The current page is the link whose address is the longest prefix of the path, so a return
    # form marks "Returns" and a review's page marks "Reviews" (the home page only on itself).
    path = request.path
    matches = [
        link
        for link in links
        if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))
    ]
    if matches:
        max(matches, key=lambda link: len(link["url"]))["current"] = True
    return {"nav_links": links, "user_roles": sorted(r.label for r in user.roles())}


def partnership(request):
    """The partnership's identity for every template (one query per request)."""
    from .partnership.selectors import current_partnership

    return {"partnership": current_partnership(request)}
