"""New public feedback tells business support through the shared mail service and the outbox
(decision records 0001/0003): the task is thin; the service composes and sends."""

import ast
from pathlib import Path

import pytest
from django.core import mail

from cscp.outbox import OutboxMessage
from feedback import services

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_new_feedback_is_queued_in_the_outbox_and_signed(
    support_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.feedback_receive(
            text="Something only I would say", source="parent_carer", consent="no"
        )
    message = OutboxMessage.objects.get(key=f"feedback.new:{item.pk}")
    assert message.task_name == "feedback.tasks.notify_new_feedback"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [support_user.email]
    assert "Something only" not in sent.body
    # cscp.mail.send_mail adds the partnership's sign-off (decision 0010).
    from cscp.partnership.selectors import current_partnership

    assert sent.body.rstrip().endswith(current_partnership().sign_off)


def test_email_new_feedback_for_a_missing_item_sends_nothing(support_user):
    assert services.feedback_email_new(item_id=987654) == 0
    assert mail.outbox == []


def _mail_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and "mail" in node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if "mail" in a.name]
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in {"send_mail", "send_mass_mail", "EmailMessage", "EmailMultiAlternatives"}:
                found.append(name)
    return found


def test_no_task_module_sends_mail_itself():
    modules = sorted(ROOT.glob("*/tasks.py")) + sorted(ROOT.glob("cscp/*/tasks.py"))
    assert any(p.parent.name == "feedback" for p in modules)
    offenders = {str(p.relative_to(ROOT)): _mail_uses(p) for p in modules if _mail_uses(p)}
    assert offenders == {}
