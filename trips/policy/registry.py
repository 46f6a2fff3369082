"""The rules, declared once: `@rule(...)` beside each function of `trips/policy/rules/`.

Everything that used to be a separate table is derived from the declarations: the reading
order (`RULES`), the codes (`CODES`), each code's clause of the letter (`CLAUSES`), the rules a
province must switch on (`OPTIONAL_RULES`), and the thresholds `PolicyConfig` carries with
their defaults (each rule names the settings it reads). Adding a rule is one decorated
function and its test.

The containers below are kept up to date in place, so a module that imported them sees a rule
registered later (a test's throw-away rule) and forgets one unregistered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable


@dataclasses.dataclass(frozen=True)
class Rule:
    code: str
    function: Callable
    clause: str  # L1…L12 of the letter (../shared/seed/README.md), or the source of the rule
    kinds: tuple[str, ...]  # the kinds of request it applies to
    severity: str  # what its findings are: Severity.BLOCK or Severity.WARN
    optional: bool  # off unless TRAVEL_POLICY's ENABLED_OPTIONAL_RULES names it
    settings: dict[str, int]  # the thresholds it reads from the config, with their defaults


RULES: list[Rule] = []  # in the order of registration, which is the order a reviewer reads
CODES: list[str] = []
CLAUSES: dict[str, str] = {}
OPTIONAL_RULES: set[str] = set()
# Thresholds read by a rule, with their defaults; PolicyConfig adds its own general ones.
RULE_SETTINGS: dict[str, int] = {}


def rule(
    code: str,
    *,
    clause: str,
    kinds,
    severity: str,
    optional: bool = False,
    settings: dict[str, int] | None = None,
):
    """Register the decorated function as the rule of `code` (its name must be the code, so
    that `grep CODE` finds it)."""

    def register(function: Callable) -> Callable:
        if function.__name__ != code:
            raise ValueError(f"the rule of {code} must be named {code}, not {function.__name__}")
        if code in CLAUSES:
            raise ValueError(f"{code} is already registered")
        for name, default in (settings or {}).items():
            if RULE_SETTINGS.get(name, default) != default:
                raise ValueError(f"{code}: {name} already defaults to {RULE_SETTINGS[name]}")
        entry = Rule(code, function, clause, tuple(kinds), severity, optional, dict(settings or {}))
        RULES.append(entry)
        CODES.append(code)
        CLAUSES[code] = clause
        if optional:
            OPTIONAL_RULES.add(code)
        RULE_SETTINGS.update(entry.settings)
        return function

    return register


def unregister(code: str) -> None:
    """Forget a rule (tests registering a throw-away rule clean up with this)."""
    entry = next(r for r in RULES if r.code == code)
    RULES.remove(entry)
    CODES.remove(code)
    del CLAUSES[code]
    OPTIONAL_RULES.discard(code)
    still_read = {name for r in RULES for name in r.settings}
    for name in entry.settings:
        if name not in still_read:
            del RULE_SETTINGS[name]
