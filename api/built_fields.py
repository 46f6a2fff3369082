"""ModelSerializer rebuilds its fields from the model on every instance (field mapping,
verbose names, validators): a quarter of the CPU of `POST trips/check/`. `BuiltOnce` builds
them once per serializer class and hands each instance copies. Nothing of a request is in
them: scopes and querysets are read later, from the bound serializer's context.

The copies are shallow where that is safe. DRF's own copy (`Field.__deepcopy__`) calls the
field's `__init__` again with its arguments: for a trip's answer, every field re-validated
its options and the countries' 250 choices flattened again, a tenth of an action's CPU.
A field's state after `__init__` is read, never written, while it serves a request; `bind()`
then gives the copy its own name, parent and source. A nested serializer holds fields bound
to itself, so it is copied DRF's way; so is a list or dict of serializers."""

import copy

from rest_framework.serializers import BaseSerializer

_BUILT: dict[type, dict] = {}
_INNER = ("child", "child_relation")  # ListField/DictField, ManyRelatedField


def copy_field(field):
    """A copy of an unbound `field` for one serializer instance: its own object, and its own
    inner field bound to it (a list's child reads the context through its parent)."""
    inner = {name: field.__dict__[name] for name in _INNER if name in field.__dict__}
    if isinstance(field, BaseSerializer) or any(
        isinstance(each, BaseSerializer) for each in inner.values()
    ):
        return copy.deepcopy(field)
    clone = copy.copy(field)
    if "_validators" in field.__dict__:  # the list, in case a caller appends to its own
        clone._validators = list(field._validators)
    for name, each in inner.items():
        each = copy_field(each)
        each.parent = clone  # as the container's __init__ bound it, for this copy
        setattr(clone, name, each)
    return clone


class BuiltOnce:
    def get_fields(self):
        cls = type(self)
        built = _BUILT.get(cls)
        if built is None:
            built = _BUILT[cls] = super().get_fields()
        return {name: copy_field(field) for name, field in built.items()}
