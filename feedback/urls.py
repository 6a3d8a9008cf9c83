from django.urls import path

from . import views

urlpatterns = [
    path("feedback/", views.overview, name="feedback_overview"),
    path("feedback/tell-us/", views.public_form, name="feedback_public_form"),
    path("feedback/tell-us/thank-you/", views.public_thanks, name="feedback_public_thanks"),
]
