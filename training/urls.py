from django.urls import path, register_converter

from cscp.converters import TokenConverter

from . import views

register_converter(TokenConverter, "token")

urlpatterns = [
    path("training/courses/", views.course_list, name="training_courses"),
    path("training/courses/<int:pk>/", views.course_detail, name="training_course"),
    path("training/sessions/<int:pk>/book/", views.book, name="training_book"),
    path("training/bookings/<token:token>/", views.booking_detail, name="training_booking"),
    path("training/evaluate/<token:token>/", views.evaluate, name="training_evaluate"),
    path("training/follow-up/<token:token>/", views.follow_up, name="training_follow_up"),
    path("training/certificate/<token:token>/", views.certificate, name="training_certificate"),
    path("training/registers/", views.session_list, name="training_sessions"),
    path("training/registers/<int:pk>/", views.register, name="training_register"),
    path(
        "training/registers/trainer/<token:token>/",
        views.trainer_register,
        name="training_trainer_register",
    ),
    path("training/imports/", views.import_list, name="training_imports"),
    path("training/imports/<int:pk>/", views.import_detail, name="training_import"),
    path("training/dashboard/", views.dashboard, name="training_dashboard"),
]
