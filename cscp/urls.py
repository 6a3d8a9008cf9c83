from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .access import public
from .health import health, ping
from .two_factor import two_factor_setup, two_factor_verify

admin.site.site_header = "Croydon Safeguarding Children Partnership"
admin.site.site_title = "CSCP admin"
admin.site.index_title = "Partnership records"

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
]
