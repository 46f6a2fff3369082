"""ModelSerializer rebuilds its fields from the model on every instance (field mapping,
verbose names, validators): a quarter of the CPU of `POST trips/check/`. `BuiltOnce` builds
them once per serializer class and hands each instance a copy, as DRF itself does with the
declared fields. Nothing of a request is in them: scopes and querysets are read later, from
the bound serializer's context."""

import copy

_BUILT: dict[type, dict] = {}


class BuiltOnce:
    def get_fields(self):
        cls = type(self)
        built = _BUILT.get(cls)
        if built is None:
            built = _BUILT[cls] = super().get_fields()
        return copy.deepcopy(built)
