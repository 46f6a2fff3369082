"""Schema post-processing: the error answers every operation can give (API.md, Conventions)."""

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
# {"field": ["message", ...]}, nested for lists and objects ({"members": {"0": {...}}}).
FIELD_ERRORS = {"type": "object"}


def _json(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_error_responses(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if operation.get("security") != [{}] and "/auth/token/" not in path:
                responses.setdefault("401", _json("Not signed in", ERROR))
                responses.setdefault("403", _json("Not allowed", ERROR))
            if "{" in path:
                responses.setdefault(
                    "404", _json("Not found, or outside the caller's scope", ERROR)
                )
            if method == "get" and "{" not in path:
                responses.setdefault("400", _json("Invalid filter", FIELD_ERRORS))
            if method in ("post", "put", "patch"):
                responses.setdefault("400", _json("Field errors", FIELD_ERRORS))
            for code, response in responses.items():
                if code in ("400",) and "content" not in response:
                    response.update(
                        _json(response.get("description", "Field errors"), FIELD_ERRORS)
                    )
                if code in ("403", "404") and "content" not in response:
                    response.update(_json(response.get("description", ""), ERROR))
    return result
