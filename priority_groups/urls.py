from django.urls import path

from . import views

urlpatterns = [
    path("priority-groups/", views.group_list, name="priority_groups"),
    path("priority-groups/actions/", views.action_list, name="priority_group_actions"),
    path("priority-groups/actions/<int:pk>/", views.action_detail, name="priority_group_action"),
    path(
        "priority-groups/outcomes/<int:pk>/evidence/",
        views.outcome_evidence,
        name="priority_group_outcome_evidence",
    ),
    path(
        "priority-groups/<slug:slug>/<year:year>/",
        views.group_detail,
        name="priority_group_detail",
    ),
]
