"""``svcchain init``: a new chain repository that passes ``svcchain check`` at once.

It writes an organisation (people, teams with facilitators), one service
with a customer, needs and a small chain of links owned by teams of two, a
commented ``svcchain.toml``, and the JSON Schema the files' modeline points
at, so editors complete and check keys offline.  It never overwrites a file:
what exists is left alone and reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from svcchain.model import ID_PATTERN

DEFAULT_SERVICE = "customer-portal"
RESERVED = {"organisation"}  # file names the scaffold itself uses

MODELINE = "# yaml-language-server: $schema=../schema/svcchain.schema.json\n"

ORGANISATION = (
    MODELINE
    + """\
svcchain: 1

# The people of your organisation and the teams they work in. A team is the
# result owner of links: give every link a team of two or more, so that no
# link rests on one person. Every team has a facilitator - usually its
# manager - who supports it and is its safety net.

people:
  - id: alex
    name: Alex Morgan
    role: Service owner
  - id: chris
    name: Chris Visser
    role: Team manager (facilitator)
    manager: alex
  - id: jo
    name: Jo Bakker
  - id: kim
    name: Kim Jansen
  - id: robin
    name: Robin de Boer
  - id: sam
    name: Sam Lee

teams:
  - id: app-team
    name: Application team
    members: [sam, kim]
    facilitator: chris
  - id: ops-team
    name: Operations
    members: [robin, jo]
    facilitator: chris

# Know what you have: the systems, contracts and places the links depend on,
# each with an owner who looks after it and, where it is bought, its supplier.
# Links name them under 'assets:'. (A person who leaves gets 'active_until:
# YYYY-MM-DD', their last day: svcchain then warns where they still own
# something.)

assets:
  - id: app-server
    name: Application server
    kind: system
    owner: ops-team
    supplier: Your hosting provider
  - id: source-repository
    name: Source code repository
    kind: system
    owner: app-team
"""
)

SERVICE = (
    MODELINE
    + """\
svcchain: 1

# One service: the chain of links that delivers what its customer needs.
# Replace the example with your own service: who is the customer, what do
# they really want, and which links - each with one accountable owner, a
# result and a measure - deliver it?

services:
  - id: {id}
    name: {name}
    description: An example service; describe your own here.
    owner: alex                  # accountable for the chain as a whole
    customer:
      name: {customer}
      needs:
        - id: available
          text: The service works whenever the customer needs it
          requirements:            # what the customer asks, and what they take for granted
            - id: business-hours
              text: Available 99.5% of business hours
            - id: personal-data
              text: Personal data is protected as the privacy law requires
              kind: implicit
              source: GDPR
        - id: answered
          text: Questions are answered within one working day
    links:
      - id: build
        name: Development
        owner: app-team            # exactly one result owner: a person or a team
        result: Every change released tested and documented
        measures:
          - name: failed releases
            target: "< 5% per quarter"
        assets: [source-repository]
        meets: [personal-data]     # the requirements this link's result meets
      - id: run
        name: Operations
        owner: ops-team
        deputy: sam                # takes over when the owner is unavailable
        result: The service is available 99.5% of business hours
        measures:
          - name: availability
            target: ">= 99.5% per month"
            actual: 99.7%          # the last measured value (svcchain warns when it misses the target)
        after: [build]             # builds on the result of these links
        delivers: [available]      # the customer needs this link serves
        meets: [business-hours, personal-data]
        assets: [app-server]
      - id: support
        name: Support
        owner: ops-team
        result: Every question answered within one working day
        measures:
          - name: answer time
            target: "<= 1 working day for 95% of questions"
        after: [run]
        delivers: [answered]
"""
)

CONFIG = """\
# svcchain configuration: the settings of `svcchain check` in this repository.
# Options on the command line override them.

# Files and folders to check when `svcchain check` is given no paths.
paths = ["chains"]

# The lowest severity that fails the check (exit status 1):
# "error", "warning", "info" or "never".
fail-on = "error"

# How many links one owner may hold before SC107 (overloaded-owner) warns.
max-links-per-owner = 7

# How many days before a person's 'active_until' SC109 (leaving-owner) warns.
leaving-warning-days = 30

# How many days a 'reviewed_on' date stays fresh before SC403 (stale-review).
review-every = 365

# Rules to leave out or to check only, by code, code prefix or name:
# ignore = ["SC105"]
# select = ["SC1", "SC2"]
"""


class ScaffoldError(Exception):
    """A request ``svcchain init`` cannot carry out (exit status 2)."""


@dataclass
class ScaffoldResult:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    #: chain files the folder holds already (relative to it): then nothing is written
    existing: list[str] = field(default_factory=list)


#: A top-level ``svcchain:`` key at the start of a line: the marker of a chain file.
_MARKER = re.compile(rb"(?m)^(?:\xef\xbb\xbf)?(?:svcchain|\"svcchain\"|'svcchain')[ \t]*:")
#: How much of each YAML file is read to look for the marker.
_HEAD_BYTES = 1024 * 1024


def existing_chain_files(directory: str) -> list[str]:
    """The chain files under ``directory`` (POSIX paths relative to it), found as ``check`` finds files.

    A chain file is a ``*.yaml``/``*.yml`` file with a top-level ``svcchain:``
    key (in its first MiB); other YAML (docker-compose.yml, mkdocs.yml) is not one.
    """
    from svcchain.discover import discover

    if not os.path.isdir(directory):
        return []
    found = []
    for ref in discover([directory]).files:
        try:
            with open(ref.fs_path, "rb") as handle:
                head = handle.read(_HEAD_BYTES)
        except OSError:
            continue
        if _MARKER.search(head):
            found.append(os.path.relpath(ref.fs_path, directory).replace(os.sep, "/"))
    return found


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as this very string."""
    import json

    import yaml

    try:
        plain = yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def display_name(service_id: str) -> str:
    """``customer-portal`` → ``Customer portal``."""
    words = re.sub(r"[-_.]+", " ", service_id).strip() or service_id
    return words[0].upper() + words[1:]


def _lower_first(name: str) -> str:
    """``Customer portal`` → ``customer portal``; ``CRM`` stays ``CRM``."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def check_service_id(service_id: str) -> None:
    if not re.match(ID_PATTERN, service_id) or service_id.endswith("\n"):
        raise ScaffoldError(
            f"'{service_id}' is not a valid service id; use letters, digits, '.', '_' and "
            "'-', starting with a letter or digit (e.g. 'customer-portal')"
        )
    if service_id.lower() in RESERVED:
        raise ScaffoldError(f"'{service_id}' would clash with chains/organisation.yaml; choose another service id")


def plan(service_id: str = DEFAULT_SERVICE) -> list[tuple[str, str]]:
    """The files to write, as (POSIX path relative to the repository, text)."""
    from svcchain.schema import COMMITTED_PATH, render_schema

    check_service_id(service_id)
    name = display_name(service_id)
    service = SERVICE.format(
        id=_scalar(service_id), name=_scalar(name), customer=_scalar(f"Users of the {_lower_first(name)}")
    )
    return [
        ("chains/organisation.yaml", ORGANISATION),
        (f"chains/{service_id}.yaml", service),
        ("svcchain.toml", CONFIG),
        (COMMITTED_PATH, render_schema()),
    ]


def scaffold(directory: str, service_id: str = DEFAULT_SERVICE) -> ScaffoldResult:
    """Write the planned files under ``directory``, leaving every existing file alone.

    A file that cannot be written is recorded in ``failed``; the others are
    still written.  A folder that holds chain files already gets nothing at
    all (``existing`` lists them): an example organisation or service would
    not fit its owners, and a config could shadow or miss its own.
    """
    from svcchain.files import write_new

    files = plan(service_id)
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise ScaffoldError(f"'{directory}' exists and is not a folder; name a folder")
    result = ScaffoldResult(existing=existing_chain_files(directory))
    if result.existing:
        return result
    for relative, text in files:
        target = os.path.join(directory, *relative.split("/"))
        shown = relative if directory in ("", ".") else f"{directory.rstrip('/')}/{relative}"
        if os.path.lexists(target):
            result.kept.append(shown)
            continue
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            created = write_new(target, text)
        except OSError as exc:
            result.failed.append((shown, exc.strerror or str(exc)))
            continue
        (result.created if created else result.kept).append(shown)
    return result
