from tests.access_rules import READERS, only


def _csc_return_kwargs():
    from cscp.demo import agency

    return {"agency_id": agency("Children's Social Care").pk, "start_year": 2022, "quarter": 1}


def _review_kwargs():
    from cscp.demo import agency
    from datasets.models import Return

    ret = Return.objects.get(agency=agency("Police"), year__start_year=2021, quarter=4)
    return {"pk": ret.pk}


def _chase_key():
    from cscp.demo import agency

    return f"{agency('Police').pk}-2021-4"


RULES = {
    # The scrutineer reads every return's status (issue 16), writing nothing: no chase.
    "return_list": only("support", "agency_lead", "scrutineer"),
    "return_chase": only("support", method="post", allowed=302, data=lambda: {"key": _chase_key()}),
    "return_form": only("support", "agency_lead", kwargs=_csc_return_kwargs),
    "return_xlsx": only("support", "agency_lead", kwargs=_csc_return_kwargs),
    "return_upload": only("support", "agency_lead", kwargs=_csc_return_kwargs),
    # The scrutineer reads a return's review page; a POST is refused (tests/datasets).
    "return_review": only("support", "scrutineer", kwargs=_review_kwargs),
    "dataset_pack": only(*READERS),
    "dataset_pack_export": only(*READERS, kwargs=lambda: {"fmt": "csv"}),
}
