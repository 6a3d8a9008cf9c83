"""Shared fixtures: one per demo role, each a user holding just that role."""

import io
from unittest import mock

import pytest

from cscp.celery import app as celery_app
from cscp.roles import Role, sync_role_groups
from tests.factories import AgencyFactory, ReportingYearFactory, UserFactory


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    """Tests run Celery tasks in-process (and e-mails into mail.outbox); a test that needs
    a real worker switches this off itself. Whatever a test changed in the Celery app's config
    is put back afterwards, so no test depends on which ran before it on the same worker."""
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "task_eager_propagates")}
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run on commit, in the test's thread, not in the embedded outbox thread (the tests
    # of that thread switch it on themselves).
    settings.OUTBOX_EMBEDDED_WORKER = False
    yield
    celery_app.conf.update(saved)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


def _worker_id(config) -> str:
    """'gw0', 'gw1', ... under pytest-xdist; '' in a serial run."""
    return getattr(config, "workerinput", {}).get("workerid", "")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Django's default hasher spends ~0.4 s of CPU on each password it sets, by design; the
    suite sets one for nearly every user it makes (factories, the demo's accounts). Tests use
    a fast hasher, as Django's documentation advises for test settings; signing in, lockouts
    and password changes work the same. Production settings keep Django's default."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _cache_per_test_worker(request):
    """Parallel workers share one Redis: each gets its own key prefix, and clear() (FLUSHDB,
    which would empty every worker's keys mid-test: rate limits, lockouts) deletes only the
    calling worker's keys."""
    from django.conf import settings
    from django.core.cache.backends.redis import RedisCache
    from django.test import override_settings

    worker = _worker_id(request.config)
    if not worker:
        yield
        return

    def clear_own_keys(cache):
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{cache.key_prefix}:*", count=500):
            client.delete(key)

    caches = {
        name: {**conf, "KEY_PREFIX": f"test-{worker}"} for name, conf in settings.CACHES.items()
    }
    with override_settings(CACHES=caches), mock.patch.object(RedisCache, "clear", clear_own_keys):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def demo_for_module(request, django_db_setup, django_db_blocker):
    """The demo, loaded once for a module's tests (load_demo takes seconds; a dozen modules
    read it) in a transaction rolled back after the module's last test. Each test runs in a
    savepoint inside it (Django's TestCase nests its atomic blocks), so what a test changes is
    undone after it as before, and no other module sees the demo. Only for tests on the plain
    `db` fixture: a live server's or `transactional_db` test's connection cannot see the
    uncommitted demo, and would flush it."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        _SHARED_DEMO.add(request.module.__name__)
        try:
            yield
        finally:
            _SHARED_DEMO.discard(request.module.__name__)
            transaction.set_rollback(True)


_SHARED_DEMO: set[str] = set()


@pytest.fixture
def demo(demo_for_module, db):
    """The module's demo (demo_for_module), for a test that reads or changes it."""


@pytest.fixture(autouse=True)
def _no_test_sees_a_demo_it_did_not_ask_for(request):
    """Once a module's shared demo is loaded it stays until the module's last test: a test
    after it that did not ask for the demo but uses the database would find its records. Such
    a test goes before the module's first demo test, or in another module. A module sharing
    the demo is one xdist group (`make test` runs `--dist loadgroup`), so its tests run on one
    worker in file order."""
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    shared = request.module.__name__ in _SHARED_DEMO
    if shared and uses_database and "demo" not in request.fixturenames:
        pytest.fail(
            f"{request.node.name} runs after this module's shared demo was loaded "
            "(tests/conftest.py demo_for_module): move it above the module's demo tests"
        )


@pytest.fixture
def role_groups(db):
    sync_role_groups()


@pytest.fixture
def year(db):
    return ReportingYearFactory(start_year=2021)


@pytest.fixture
def previous_year(db):
    return ReportingYearFactory(start_year=2020)


@pytest.fixture
def lead_agency(db):
    return AgencyFactory(name="Children's Social Care", short_name="Children's Social Care")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Metropolitan Police", short_name="Police", kind="police")


@pytest.fixture
def support_user(role_groups):
    return UserFactory(username="t-support", roles=[Role.BUSINESS_SUPPORT])


@pytest.fixture
def agency_lead_user(role_groups, lead_agency):
    return UserFactory(username="t-lead", roles=[Role.AGENCY_LEAD], lead_for=[lead_agency])


@pytest.fixture
def executive_user(role_groups):
    return UserFactory(username="t-executive", roles=[Role.EXECUTIVE])


@pytest.fixture
def scrutineer_user(role_groups):
    return UserFactory(username="t-scrutineer", roles=[Role.SCRUTINEER])


@pytest.fixture
def no_role_user(role_groups):
    return UserFactory(username="t-norole")


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def support_client(client, support_user):
    return _client_for(client, support_user)


@pytest.fixture
def agency_lead_client(client, agency_lead_user):
    return _client_for(client, agency_lead_user)


@pytest.fixture
def executive_client(client, executive_user):
    return _client_for(client, executive_user)


@pytest.fixture
def scrutineer_client(client, scrutineer_user):
    return _client_for(client, scrutineer_user)


# Browser tests: Debian's Chromium (no browser download is possible here).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }
