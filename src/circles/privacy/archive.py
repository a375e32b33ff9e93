"""A person's data as one zip: ``data.json`` for programs, ``index.html`` for reading."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _node(value: Any) -> dict[str, Any]:
    """A value as nested nodes the page template walks: maps, lists and plain text."""
    if isinstance(value, dict):
        return {"kind": "map", "items": [(_label(str(k)), _node(v)) for k, v in value.items()]}
    if isinstance(value, list | tuple):
        return {"kind": "list", "items": [_node(v) for v in value]}
    if value is None or value == "":
        return {"kind": "empty"}
    if isinstance(value, bool):
        return {"kind": "text", "text": _("yes") if value else _("no")}
    return {"kind": "text", "text": str(value)}


def data_archive(data: dict[str, Any], *, name: str) -> bytes:
    """The zip: the data as JSON, and the same as a page any browser opens offline."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    sections = [(_label(key), _node(value)) for key, value in data.items()]
    page = render_to_string("privacy/data_page.html", {"name": name, "sections": sections})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", text)
        archive.writestr("index.html", page)
        archive.writestr("style.css", render_to_string("privacy/data_page.css"))
    return buffer.getvalue()
