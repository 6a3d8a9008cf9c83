"""The one loader of demo content (decision 0001, "Demo content as data").

Demo content is data, not code: each app keeps its demo records in YAML files with named
fields, one per year, at `<app package>/demo_data/<year label>.yaml` (e.g.
`reviews/demo_data/2021-22.yaml`, `cscp/demo_data/2021-22.yaml`). An app's `demo.py` reads
them with `read()` and writes the records through its models and services, so the seed
year's files read like the seed report and a new year is a new file, not new code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.apps import apps


def path(app_label: str, name: str) -> Path:
    """The demo file `name` (a year label such as '2021-22', or another file name) of an app."""
    return Path(apps.get_app_config(app_label).path) / "demo_data" / f"{name}.yaml"


def read(app_label: str, name: str) -> dict[str, Any]:
    """The named demo file as plain data (safe YAML: no tags, no code); {} if absent."""
    file = path(app_label, name)
    if not file.exists():
        return {}
    with file.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{file}: a demo file holds a mapping of named sections")
    return data


def names(app_label: str) -> list[str]:
    """Every demo file of an app, by name, in order (years sort by their label)."""
    folder = Path(apps.get_app_config(app_label).path) / "demo_data"
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.exists() else []
