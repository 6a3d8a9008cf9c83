import datetime as dt

import factory
from django.utils import timezone

from tests.factories import AgencyFactory
from training.models import Booking, Completion, Course, Delivery, Evaluation, Session


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("title",)

    title = factory.Sequence(lambda n: f"Course {n}")
    delivery = Delivery.VIRTUAL
    active = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    mode = Session.Mode.VIRTUAL
    capacity = 20


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    agency = factory.SubFactory(AgencyFactory)
    status = Booking.Status.BOOKED


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    booking = factory.SubFactory(BookingFactory, status=Booking.Status.ATTENDED)
    confidence_before = 2
    confidence_after = 4
    usefulness = 5


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    learner_name = factory.Sequence(lambda n: f"Learner {n}")
    email = factory.Sequence(lambda n: f"learner{n}@example.org")
    course = factory.SubFactory(CourseFactory, delivery=Delivery.E_LEARNING)
    completed_on = dt.date(2021, 6, 1)


def past_session(days_ago: int = 1, **kwargs) -> Session:
    starts_at = timezone.now() - dt.timedelta(days=days_ago)
    return SessionFactory(starts_at=starts_at, **kwargs)
