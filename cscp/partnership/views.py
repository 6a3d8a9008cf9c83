from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.cache import cache_control

from cscp.access import public

from .selectors import current_partnership


@public
@cache_control(max_age=300)
def brand_css(request):
    """The partnership's colour as a stylesheet (the CSP allows no inline styles)."""
    colour = current_partnership(request).brand_colour
    css = (
        f".cscp-header{{background-color:{colour}}}"
        f".cscp-panel{{border-left-color:{colour}}}"
        ".cscp-header__logo{max-height:40px;vertical-align:middle;margin-right:10px}"
    )
    return HttpResponse(css, content_type="text/css")


@public
@cache_control(max_age=300)
def logo(request):
    partnership = current_partnership(request)
    if not partnership.logo:
        raise Http404("No logo")
    kind = "image/png" if partnership.logo.name.lower().endswith(".png") else "image/jpeg"
    return FileResponse(partnership.logo.open("rb"), content_type=kind)
