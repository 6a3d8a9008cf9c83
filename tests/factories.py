"""Factories of the partnership core; each app keeps its own in tests/<app>/factories.py."""

import factory
from django.contrib.auth.models import Group

from cscp.models import Agency, ReportingYear, User
from cscp.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:40])
    kind = Agency.Kind.LOCAL_AUTHORITY


class ReportingYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingYear
        django_get_or_create = ("start_year",)

    start_year = 2021


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            group, _ = Group.objects.get_or_create(name=role.label)
            self.groups.add(group)
            if role in (Role.BUSINESS_SUPPORT, Role.SCRUTINEER) and not self.is_staff:
                self.is_staff = True
                self.save(update_fields=["is_staff"])

    @factory.post_generation
    def lead_for(self, create, extracted, **kwargs):
        if extracted:
            self.agencies.add(*extracted)
