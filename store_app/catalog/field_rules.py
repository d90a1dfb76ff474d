"""Rules that products and categories share: clean text, and pictures only from the shop's own media."""

from __future__ import annotations

import re

from store_app.core.i18n import t
from store_app.core.text_rules import forbidden_characters

MAX_IMAGE_PATH = 250
# A picture shipped with the shop (/catalog/...) or stored by it (/media/...): a path on this origin,
# never another one (`//evil.example/x.png`), a scheme (`http:`, `data:`, `javascript:`) or `..`.
_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9._-]*"
IMAGE_PATH = re.compile(rf"/(?:catalog|media)/(?:{_SEGMENT}/)*{_SEGMENT}\.(?:webp|png|jpe?g|gif|avif)", re.IGNORECASE)


def image_errors(image: str) -> list[str]:
    """What is wrong with an image path (empty means "no picture", which is fine)."""
    if not image or (len(image) <= MAX_IMAGE_PATH and IMAGE_PATH.fullmatch(image)):
        return []
    return [t("catalog.error.image_path")]


def text_errors(raw: str) -> list[str]:
    """The shared text rule (core.text_rules) as the field's error list."""
    found = forbidden_characters(raw)
    return [t("text.error.control_characters", chars=", ".join(found[:5]))] if found else []
