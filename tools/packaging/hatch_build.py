"""Hatchling build hook: ship the notebooks and the sample structures inside the wheel.

An installed package then finds its content without a checkout
(``sizeup_helpers/contenu/notebooks`` and ``sizeup_helpers/contenu/data/samples``, see
``sizeup_helpers.resources``). Only the standard wheel gets them: an editable install
(``make env``) reads them from the checkout instead, so nothing is copied twice.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: folder of the repository -> where the wheel ships it
CONTENT = {
    "notebooks": "sizeup_helpers/contenu/notebooks",
    "data/samples": "sizeup_helpers/contenu/data/samples",
}


class ContentBuildHook(BuildHookInterface):
    """Add :data:`CONTENT` to standard wheels."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return
        build_data["force_include"].update(CONTENT)
