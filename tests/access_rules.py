"""Who may use which page: the expectations the permission matrix test checks.

Every URL name of the site (admin aside: its rule is generic) must have a Rule in one of the
`tests/<app>/access_rules.py` modules' RULES dicts; a view added without one fails
tests/test_permission_matrix.py.

Outcomes: 200 (allowed), "login" (anonymous: redirected to the login page), 403 (refused),
404 (hidden: e.g. another agency's record), 405 (wrong method), or any other status code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "no_role", "support", "agency_lead", "executive", "scrutineer")
SIGNED_IN = ROLES[1:]


@dataclass
class Rule:
    expect: dict[str, int | str]
    # Builds whatever the URL needs (demo data is loaded) and returns its kwargs.
    kwargs: Callable[[], dict] = field(default=lambda: {})
    method: str = "get"
    data: Callable[[], dict] = field(default=lambda: {})
    query: str = ""


def only(*roles: str, kwargs=None, method="get", allowed=200, data=None, query="") -> Rule:
    """Allowed for `roles`; anonymous users go to login; other signed-in roles get 403."""
    expect: dict[str, int | str] = {"anonymous": "login"}
    for role in SIGNED_IN:
        expect[role] = allowed if role in roles else 403
    return Rule(
        expect=expect,
        kwargs=kwargs or (lambda: {}),
        method=method,
        data=data or (lambda: {}),
        query=query,
    )


def everyone(status=200, kwargs=None, method="get", data=None) -> Rule:
    return Rule(
        expect=dict.fromkeys(ROLES, status),
        kwargs=kwargs or (lambda: {}),
        method=method,
        data=data or (lambda: {}),
    )


READERS = ("support", "executive", "scrutineer")
