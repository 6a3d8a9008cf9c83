from tests.access_rules import READERS, only


def _csc_return_kwargs():
    from cscp.demo import agency

    return {"agency_id": agency("Children's Social Care").pk, "start_year": 2022, "quarter": 1}


def _review_kwargs():
    from cscp.demo import agency
    from datasets.models import Return

    ret = Return.objects.get(agency=agency("Police"), year__start_year=2021, quarter=4)
    return {"pk": ret.pk}


RULES = {
    "return_list": only("support", "agency_lead"),
    "return_form": only("support", "agency_lead", kwargs=_csc_return_kwargs),
    "return_xlsx": only("support", "agency_lead", kwargs=_csc_return_kwargs),
    "return_upload": only("support", "agency_lead", kwargs=_csc_return_kwargs),
    "return_review": only("support", kwargs=_review_kwargs),
    "dataset_pack": only(*READERS),
    "dataset_pack_export": only(*READERS, kwargs=lambda: {"fmt": "csv"}),
}
