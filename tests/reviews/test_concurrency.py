"""Two people saving the same action at once: one save wins, the other is refused."""

from cscp.concurrency import StaleEdit
from reviews import services
from reviews.models import Action
from tests.concurrency import POSTGRES_ONLY, run_together

from .factories import ActionFactory

pytestmark = POSTGRES_ONLY


def test_concurrent_updates_of_one_action_do_not_overwrite_each_other(support_user):
    action = ActionFactory()
    opened = action.version

    def save(status):
        def call():
            services.action_update(
                action=Action.objects.get(pk=action.pk),
                status=status,
                evidence="",
                by=support_user,
                expected_version=opened,
            )
            return "saved"

        return call

    outcomes = run_together(save("in_progress"), save("paused"))
    assert sorted("refused" if isinstance(o, StaleEdit) else o for o in outcomes) == [
        "refused",
        "saved",
    ]
    action.refresh_from_db()
    assert action.version == opened + 1
