"""Validate API responses against the OpenAPI schema generated from the code."""

import re
from functools import lru_cache

import jsonschema
from drf_spectacular.generators import SchemaGenerator


def _to_json_schema(node):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a null alternative."""
    if isinstance(node, list):
        return [_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _to_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@lru_cache(maxsize=1)
def schema() -> dict:
    return _to_json_schema(SchemaGenerator().get_schema(request=None, public=True))


def _operation(path: str, method: str) -> dict:
    for template, operations in schema()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not in the schema")


def assert_matches_schema(response):
    """The response's status is documented, and its JSON body fits the documented schema."""
    request = response.wsgi_request
    operation = _operation(request.path, request.method)
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, (
        f"{request.method} {request.path}: {response.status_code} undocumented"
    )
    content = documented.get("content", {}).get("application/json")
    if content is None or response.status_code == 204:
        return
    # The body's schema, with the components its "#/components/..." references point into.
    root = {**content["schema"], "components": schema()["components"]}
    validator = jsonschema.Draft202012Validator(root)
    errors = sorted(validator.iter_errors(response.json()), key=str)
    assert not errors, f"{request.method} {request.path}: {errors[0].message}"
