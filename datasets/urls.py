from django.urls import path

from . import views

# <year:...> (cscp/converters.py): written as the label, 2021-22; `start_year` is the kwarg's
# older name, so reverse() takes a start year or a label alike.
RETURN = "returns/<int:agency_id>/<year:start_year>/q<int:quarter>/"

urlpatterns = [
    path("returns/", views.return_list, name="return_list"),
    path("returns/chase/", views.return_chase, name="return_chase"),
    path(RETURN, views.return_form, name="return_form"),
    path(RETURN + "return.xlsx", views.return_xlsx, name="return_xlsx"),
    path(RETURN + "upload/", views.return_upload, name="return_upload"),
    path("returns/review/<int:pk>/", views.return_review, name="return_review"),
    path("datasets/pack/", views.dataset_pack, name="dataset_pack"),
    path("datasets/pack/export.<str:fmt>", views.dataset_pack_export, name="dataset_pack_export"),
]
