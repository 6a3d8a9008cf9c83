from django.urls import path

from .reporting import views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/public/", views.report_public, name="report_public"),
    path("reports/public/children/", views.report_children_public, name="report_children_public"),
    path(
        "reports/public/children/pdf/",
        views.report_children_public_pdf,
        name="report_children_public_pdf",
    ),
    path("reports/public/pdf/", views.report_public_pdf, name="report_public_pdf"),
    path("reports/public/word/", views.report_public_docx, name="report_public_docx"),
    path("reports/<year:label>/", views.report_detail, name="report_detail"),
    path("reports/<year:label>/v/<int:version>/", views.report_version, name="report_version"),
    path("reports/<year:label>/status/", views.report_transition, name="report_transition"),
    path("reports/<year:label>/pdf/", views.report_pdf_request, name="report_pdf_request"),
    path("reports/<year:label>/pdf/<int:pk>/", views.report_pdf_download, name="report_pdf"),
    path(
        "reports/<year:label>/pdf/<int:pk>/retry/", views.report_pdf_retry, name="report_pdf_retry"
    ),
    path("reports/<year:label>/word/", views.report_docx, name="report_docx"),
    path("reports/<year:label>/children/", views.report_children, name="report_children"),
    path(
        "reports/<year:label>/children/pdf/", views.report_children_pdf, name="report_children_pdf"
    ),
]
