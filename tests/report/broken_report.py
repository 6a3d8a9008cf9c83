"""A report module with a bug (imports a module that does not exist): for test_compose."""

import cscp.this_module_does_not_exist  # noqa: F401


def contribution(year):  # pragma: no cover
    return {}
