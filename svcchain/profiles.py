"""Profiles: the rule defaults that suit where a repository's data comes from.

``default`` is svcchain as the format describes it.  ``catalog`` is for
repositories imported from a software catalog (``svcchain import
backstage``): a catalog records who owns what, not what a link owes, whom a
service is for or who facilitates a team, so the rules that need that data
would fire on every link and service.  They are off, a rule the catalog's own
model contradicts drops to info, and SC107's limit is higher (a catalog's
components are finer-grained than a chain's links).

Explicit configuration always wins over the profile: ``severity``,
``max-links-per-owner``, ``ignore``, and a ``select`` that names a rule the
profile turns off (by its code, its name or a prefix of its code; ``ALL``
does not) checks it again.  docs/configuration.md has the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    #: rules the profile does not check, each with why
    off: dict[str, str] = field(default_factory=dict)
    #: default severities the profile changes (code → severity), each with why
    severity: dict[str, tuple[str, str]] = field(default_factory=dict)
    max_links_per_owner: int = 7


PROFILES: dict[str, Profile] = {
    "default": Profile("default", "every rule as the format describes it"),
    "catalog": Profile(
        "catalog",
        "for repositories imported from a software catalog (Backstage): rules that need data a catalog does "
        "not hold are off",
        off={
            "SC106": "a catalog has no facilitators: every team that owns something would raise it",
            "SC303": "a catalog records no customers or needs: every service would raise it",
            "SC401": "a catalog states no results: every link would raise it",
            "SC402": "a catalog holds no measures: every link would raise it",
        },
        severity={
            "SC110": (
                "info",
                "a catalog gives a system to a group, as Backstage recommends; still worth knowing that no one "
                "person is accountable",
            ),
        },
        max_links_per_owner=20,
    ),
}

DEFAULT_PROFILE = "default"


def profile_names() -> tuple[str, ...]:
    return tuple(PROFILES)
