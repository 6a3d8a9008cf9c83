from django.urls import path

from . import views

urlpatterns = [
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/rapid/<int:pk>/", views.rapid_review_detail, name="rapid_review_detail"),
    path("reviews/rapid/<int:pk>/word/", views.rapid_review_docx_view, name="rapid_review_docx"),
    path("reviews/practice/<int:pk>/", views.practice_review_detail, name="practice_review_detail"),
    path("reviews/themes/", views.theme_tracker_view, name="theme_tracker"),
    path("reviews/learning/", views.learning_overview, name="review_learning"),
    path("reviews/actions/", views.action_list, name="review_action_list"),
    path("reviews/actions/<int:pk>/", views.action_update_view, name="review_action_update"),
]
