"""A gullible judge's reply to a constrained call: a JSON value valid against the request's JSON schema (Ollama's
``format``) with every boolean true, so that what a scripted run measures is the engine's own checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

AGREEING = ("yes", "true", "supported", "entailed", "correct", "ya")
"""Enum strings a gullible judge picks first when a schema offers them instead of a boolean."""

_MAX_DEPTH = 32


_ITEM = re.compile(
    r"^\s*(?:(\d{1,3})[.)]|\[?(?:S|sentence|claim|statement)\s*(\d{1,3})\]?\s*[.):]?)\s", re.IGNORECASE | re.MULTILINE
)


def numbered_items(prompt: str) -> int:
    """How many numbered items ("1." / "2)" / "Sentence 3:" / "[S4]" at a line's start) the prompt lists, at
    least 1: the length of an array whose schema does not fix it (one verdict per item)."""
    return max(1, len({a or b for a, b in _ITEM.findall(prompt)}))


def gullible_value(schema: Mapping[str, Any], items: int = 1, root: Mapping[str, Any] | None = None) -> Any:
    """A value of ``schema`` with every boolean true; arrays hold ``minItems`` (else ``maxItems``, else
    ``items``) elements. Local ``$ref``s (``#/$defs/...``) are followed."""
    return _value(schema, items, root if root is not None else schema, 0)


def _resolve(ref: str, root: Mapping[str, Any]) -> Mapping[str, Any]:
    node: Any = root
    for part in ref.lstrip("#/").split("/") if ref != "#" else []:
        node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, Mapping) else {}
    return node if isinstance(node, Mapping) else {}


def _value(schema: Mapping[str, Any], items: int, root: Mapping[str, Any], depth: int) -> Any:  # noqa: PLR0911
    if depth > _MAX_DEPTH:
        return None
    if "$ref" in schema:
        return _value(_resolve(str(schema["$ref"]), root), items, root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        choices = list(schema["enum"])
        if True in choices:
            return True
        agreeing = [c for c in choices if isinstance(c, str) and c.casefold() in AGREEING]
        return agreeing[0] if agreeing else choices[0]
    for combined in ("allOf", "anyOf", "oneOf"):
        if schema.get(combined):
            options = [o for o in schema[combined] if isinstance(o, Mapping)]
            if combined == "allOf":
                merged: dict[str, Any] = {}
                for option in options:
                    merged.update(option)
                return _value(merged, items, root, depth + 1)
            typed = [o for o in options if o.get("type") != "null"] or options
            return _value(typed[0], items, root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "boolean"
    if kind == "boolean":
        return True
    if kind == "object":
        properties = schema.get("properties") or {}
        return {name: _value(sub, items, root, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        count = schema.get("minItems", schema.get("maxItems", items))
        prefix = list(schema.get("prefixItems") or [])
        element = schema.get("items") if isinstance(schema.get("items"), Mapping) else {}
        shapes = (prefix + [element] * max(0, count - len(prefix)))[: max(count, len(prefix))]
        return [_value(shape, items, root, depth + 1) for shape in shapes]
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        return int(low) + (1 if "exclusiveMinimum" in schema else 0) if kind == "integer" else float(low)
    if kind == "string":
        return "yes".ljust(int(schema.get("minLength", 0)), "s")
    return None
