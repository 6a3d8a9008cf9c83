from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.utils.functional import lazy

from . import views
from .access import public
from .converters import YearConverter
from .health import health, ping
from .partnership.selectors import current_partnership, partnership_name
from .two_factor import two_factor_setup, two_factor_verify

# Lazy: read from the partnership record each time the admin renders (it is data).
admin.site.site_header = lazy(partnership_name, str)()
admin.site.site_title = lazy(lambda: f"{current_partnership().short_name} admin", str)()
admin.site.index_title = "Partnership records"

# `<year:...>` in any app's URLs: the one URL form of a reporting year (cscp/converters.py).
register_converter(YearConverter, "year")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health, name="health"),
    path("ping/", ping, name="ping"),
    path("accounts/login/", public(views.SignInView.as_view()), name="login"),
    path("scrutiny/", views.scrutiny_page, name="scrutiny"),
    path("accounts/logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/two-factor/", two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor_verify, name="two_factor_verify"),
    path("admin/", admin.site.urls),
    path("", include("reviews.urls")),
    path("", include("priority_groups.urls")),
    path("", include("training.urls")),
    path("", include("datasets.urls")),
    path("", include("feedback.urls")),
    path("", include("cscp.report_urls")),
    path("", include("cscp.partnership.urls")),
]
