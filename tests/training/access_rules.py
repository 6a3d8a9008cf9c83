from tests.access_rules import everyone, only


def _course():
    from training.models import Course

    return {"pk": Course.objects.filter(active=True, sessions__isnull=False).first().pk}


def _session():
    from training.models import Session

    return {"pk": Session.objects.order_by("starts_at").first().pk}


def _upcoming_session():
    from django.utils import timezone

    from training.models import Session

    return {"pk": Session.objects.filter(starts_at__gt=timezone.now()).first().pk}


def _booking_token():
    from training.models import Booking

    return {"token": Booking.objects.filter(evaluation__isnull=True).first().token}


def _evaluated_token():
    from training.models import Booking

    booking = Booking.objects.filter(
        status=Booking.Status.ATTENDED, evaluation__isnull=False
    ).first()
    return {"token": booking.token}


def _register_token():
    from training.models import Session

    return {"token": Session.objects.order_by("starts_at").first().register_token}


def _batch():
    from training.models import ImportBatch

    return {"pk": ImportBatch.objects.first().pk}


RULES = {
    # Anyone working in the area books without an account.
    "training_courses": everyone(),
    "training_course": everyone(kwargs=_course),
    "training_book": everyone(kwargs=_upcoming_session),
    # Links e-mailed to a professional: the unguessable token is the key.
    "training_booking": everyone(kwargs=_booking_token),
    "training_evaluate": everyone(kwargs=_evaluated_token),
    "training_follow_up": everyone(kwargs=_evaluated_token),
    "training_certificate": everyone(kwargs=_evaluated_token),
    # Business support run registers and imports.
    "training_sessions": only("support"),
    "training_register": only("support", kwargs=_session),
    # ...or the trainer, with the session's own unguessable link.
    "training_trainer_register": everyone(kwargs=_register_token),
    "training_imports": only("support"),
    "training_import": only("support", kwargs=_batch),
    # The dashboard is for every reader: business support, the executive and the scrutineer.
    "training_dashboard": only("support", "executive", "scrutineer"),
}
