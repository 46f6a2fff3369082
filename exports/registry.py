"""The exports a worker may build, by name. Each app registers its own when it loads
(AppConfig.ready), so this low app never imports the ones above it:

    register("trips", Export(count=..., build=...))

`count(user, params, limit=None)` says how many rows the export would have (within what
the user may see; counted up to limit + 1 when a limit is given), `build(user, params, progress)` returns the workbook as a file (exports.xlsx.save),
calling `progress(rows_done)` now and then. Both look everything up through the user's
selectors again: a job's params are only filters, never a scope."""

import dataclasses
from collections.abc import Callable


@dataclasses.dataclass(frozen=True)
class Export:
    count: Callable
    build: Callable


EXPORTS: dict[str, Export] = {}


def register(name: str, export: Export) -> None:
    EXPORTS[name] = export


def get(name: str) -> Export:
    return EXPORTS[name]
