from django.urls import path

from . import views

urlpatterns = [
    path("partnership/brand.css", views.brand_css, name="partnership_brand_css"),
    path("partnership/logo", views.logo, name="partnership_logo"),
    path("governance/", views.governance, name="governance"),
    path("setup/", views.setup, name="partnership_setup"),
]
