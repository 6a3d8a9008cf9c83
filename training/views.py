from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cscp import exports
from cscp.access import allow, public
from cscp.charts import bar_chart, line_chart
from cscp.ratelimit import over_limit
from cscp.roles import READERS, Role
from cscp.years import year_from_request, year_picker

from . import selectors, services
from .forms import (
    MAX_NAMES_SHOWN,
    BookingForm,
    EvaluationForm,
    FollowUpForm,
    ImportUploadForm,
    MappingForm,
    RegisterForm,
)
from .models import Booking, Course, ImportBatch, Session

HONEYPOT_FIELD = "website"
MAX_ERRORS_SHOWN = 200
MAX_ROWS_SHOWN = 20


def _places_annotation():
    return Count("bookings", filter=Q(bookings__status__in=Booking.HOLDS_PLACE))


def _upcoming_sessions():
    return (
        Session.objects.filter(starts_at__gt=timezone.now())
        .annotate(taken=_places_annotation())
        .order_by("starts_at")
    )


# Public pages ------------------------------------------------------------------------------


@public
def course_list(request):
    courses = (
        Course.objects.filter(active=True)
        .select_related("funder")
        .prefetch_related("themes", Prefetch("sessions", queryset=_upcoming_sessions()))
        .order_by("title")
    )
    return render(request, "training/course_list.html", {"courses": courses})


@public
def course_detail(request, pk):
    course = get_object_or_404(
        Course.objects.filter(active=True)
        .select_related("funder")
        .prefetch_related("themes", Prefetch("sessions", queryset=_upcoming_sessions())),
        pk=pk,
    )
    return render(request, "training/course_detail.html", {"course": course})


@public
@require_http_methods(["GET", "POST"])
def book(request, pk):
    session = get_object_or_404(
        Session.objects.select_related("course").annotate(taken=_places_annotation()),
        pk=pk,
        course__active=True,
    )
    if request.method == "POST":
        limit, window = settings.TRAINING_BOOKING_RATE_LIMIT
        if over_limit(request, "training-booking", limit=limit, window=window):
            return render(
                request,
                "training/rate_limited.html",
                {"session": session},
                status=429,
            )
        if request.POST.get(HONEYPOT_FIELD):
            return render(request, "training/rejected.html", status=400)
        form = BookingForm(request.POST)
        if form.is_valid() and session.is_open_for_booking():
            try:
                booking = services.booking_create(session=session, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect("training_booking", token=booking.token)
    else:
        form = BookingForm()
    return render(
        request,
        "training/book.html",
        {
            "session": session,
            "form": form,
            "open": session.is_open_for_booking(),
            "full": session.taken >= session.capacity,
            "honeypot": HONEYPOT_FIELD,
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _booking_by_token(token: str) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("session__course", "agency", "evaluation"), token=token
    )


@public
@require_http_methods(["GET", "POST"])
def booking_detail(request, token):
    booking = _booking_by_token(token)
    error = None
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Your booking has been cancelled.")
            return redirect("training_booking", token=token)
    return render(
        request,
        "training/booking.html",
        {
            "booking": booking,
            "session": booking.session,
            "may_cancel": booking.may_cancel(),
            "cutoff": booking.session.cancellation_cutoff(),
            "error": error,
        },
    )


@public
@require_http_methods(["GET", "POST"])
def evaluate(request, token):
    booking = _booking_by_token(token)
    evaluation = getattr(booking, "evaluation", None)
    if not booking.may_evaluate() or evaluation is not None:
        return render(
            request,
            "training/evaluate_closed.html",
            {"booking": booking, "evaluation": evaluation},
        )
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(booking=booking, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Thank you: your evaluation has been recorded.")
            return redirect("training_evaluate", token=token)
    return render(request, "training/evaluate.html", {"booking": booking, "form": form})


@public
@require_http_methods(["GET", "POST"])
def follow_up(request, token):
    booking = _booking_by_token(token)
    evaluation = getattr(booking, "evaluation", None)
    if evaluation is None or evaluation.follow_up_submitted_at:
        return render(
            request,
            "training/follow_up_closed.html",
            {"booking": booking, "evaluation": evaluation},
        )
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_submit(evaluation=evaluation, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Thank you: your answer has been recorded.")
            return redirect("training_follow_up", token=token)
    return render(request, "training/follow_up.html", {"booking": booking, "form": form})


def certificate_pdf(booking: Booking) -> bytes:
    from weasyprint import HTML

    from cscp.partnership.selectors import current_partnership

    context = {"booking": booking, "partnership": current_partnership()}
    html = render_to_string("training/certificate.html", context)
    return HTML(string=html).write_pdf()


@public
def certificate(request, token):
    booking = _booking_by_token(token)
    if not booking.certificate_available():
        raise Http404("A certificate is available once you have attended and evaluated.")
    return exports.download(
        certificate_pdf(booking), filename="certificate.pdf", content_type=exports.PDF_TYPE
    )


# Business support --------------------------------------------------------------------------


@allow(Role.BUSINESS_SUPPORT)
def session_list(request):
    sessions = (
        Session.objects.select_related("course")
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
            attended=Count("bookings", filter=Q(bookings__status=Booking.Status.ATTENDED)),
            dna=Count("bookings", filter=Q(bookings__status=Booking.Status.DID_NOT_ATTEND)),
        )
        .order_by("-starts_at")[:200]
    )
    return render(request, "training/session_list.html", {"sessions": sessions})


@allow(Role.BUSINESS_SUPPORT)
@require_http_methods(["GET", "POST"])
def register(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    return _register(request, session, redirect_to=reverse("training_register", args=[pk]))


@public
@require_http_methods(["GET", "POST"])
def trainer_register(request, token):
    """The trainer's own link to the register (e-mailed or given by business support)."""
    session = get_object_or_404(Session.objects.select_related("course"), register_token=token)
    return _register(
        request,
        session,
        redirect_to=reverse("training_trainer_register", args=[token]),
        trainer=True,
    )


def _register(request, session, *, redirect_to: str, trainer: bool = False):
    bookings = list(
        session.bookings.holding_a_place().select_related("agency").order_by("name", "pk")
    )
    waiting = list(session.bookings.waiting().select_related("agency"))
    form = RegisterForm(request.POST or None, bookings=bookings)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.session_mark_attendance(session=session, attended=form.marks())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, f"Attendance saved for {count} {'person' if count == 1 else 'people'}."
            )
            return redirect(redirect_to)
    return render(
        request,
        "training/register.html",
        {
            "session": session,
            "form": form,
            "waiting": waiting,
            "can_mark": session.can_mark_attendance(),
            "trainer": trainer,
            "trainer_url": request.build_absolute_uri(
                reverse("training_trainer_register", args=[session.register_token])
            ),
        },
    )


@allow(Role.BUSINESS_SUPPORT)
@require_http_methods(["GET", "POST"])
def import_list(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_create(
                filename=upload.name, stream=upload.file, by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("training_import", pk=batch.pk)
    batches = ImportBatch.objects.select_related("uploaded_by").defer("rows")[:50]
    return render(request, "training/import_list.html", {"form": form, "batches": batches})


@allow(Role.BUSINESS_SUPPORT)
@require_http_methods(["GET", "POST"])
def import_detail(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    mapping_form = MappingForm(request.POST or None, batch=batch)
    error_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "map" and mapping_form.is_valid():
                services.import_mapping_set(
                    batch=batch,
                    course_mapping=mapping_form.course_mapping(),
                    agency_mapping=mapping_form.agency_mapping(),
                )
                messages.success(request, "Mapping saved.")
                return redirect("training_import", pk=pk)
            if action == "confirm":
                batch = services.import_confirm(batch=batch, by=request.user)
                messages.success(
                    request,
                    f"Imported {batch.created_count:,} completions "
                    f"({batch.duplicate_count:,} already recorded were skipped).",
                )
                return redirect("training_import", pk=pk)
            if action == "discard":
                services.import_discard(batch=batch)
                messages.success(request, "The import was discarded: nothing was written.")
                return redirect("training_imports")
        except ValidationError as exc:
            mapping_form.is_valid()
            _add_errors(mapping_form, exc)
            error_form = mapping_form
    return render(
        request,
        "training/import_detail.html",
        {
            "batch": batch,
            "mapping_form": mapping_form,
            "error_form": error_form,
            "errors_shown": batch.errors[:MAX_ERRORS_SHOWN],
            "rows_shown": batch.rows[:MAX_ROWS_SHOWN],
            "max_names_shown": MAX_NAMES_SHOWN,
        },
    )


@allow(*READERS)
def dashboard(request):
    year = year_from_request(request)
    data = selectors.dashboard(year)
    charts = {
        "years": line_chart(
            [(row["year"], row["completions"]) for row in data["by_year"]],
            title="E-learning completions by reporting year",
        ),
        "mode": bar_chart(
            [(row["label"], row["attended"]) for row in data["sessions_by_mode"]],
            title=f"Attendance by delivery mode, {year.label}",
        ),
    }
    return render(
        request,
        "training/dashboard.html",
        {
            "picker": year_picker(year),
            "year": year,
            "data": data,
            "charts": charts,
            # Only business support import completions; readers are not offered a door they
            # cannot open.
            "import_url": reverse("training_imports")
            if request.user.has_role(Role.BUSINESS_SUPPORT)
            else None,
        },
    )
