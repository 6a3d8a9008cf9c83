"""The home page gathers "what needs my attention" panels from every project app that has a
`home` module with a `panels(user)` function. cscp itself owns none of the apps' data."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from .roles import PROJECT_APPS


@dataclass
class Panel:
    title: str
    items: list[dict] = field(default_factory=list)
    empty_text: str = "Nothing here needs your attention."
    link_url: str = ""
    link_text: str = ""
    table: dict | None = None
    order: int = 100


def panels_for(user) -> list[Panel]:
    panels: list[Panel] = []
    for name in PROJECT_APPS:
        config = apps.get_app_config(name)
        if module_has_submodule(config.module, "home"):
            panels.extend(import_module(f"{config.name}.home").panels(user))
    return sorted(panels, key=lambda p: p.order)
