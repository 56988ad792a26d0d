"""Generate a deterministic chain repository of any size, for benchmarks and tests.

    python benchmarks/generate.py OUT --links 10000 [--links-per-service 50] [--defects]
                                      [--directory-people N] [--unknown-owner-links K]
                                      [--directory-file N] [--directory-owned-links K]
                                      [--many-defects]

Writes ``OUT/organisation.yaml`` (people and teams) and one file per service.
Every link is owned by a team of three with a facilitator, states a result with
measures, hands on to the next link, and every customer need is delivered, so a
clean repository has no findings.  With ``--defects`` a fixed set of mistakes is
injected and ``OUT/../expected-<name>.json`` holds the expected count per rule
(written beside the repository, so it is not checked itself).

The shape "unknown owners" (``--directory-people 20000 --unknown-owner-links
3000``) declares N more people, a company directory that owns nothing, and
gives the first K links (file order) an owner nobody declared: every other one
a typo of a directory person (one character left out), the others an id close
to no one.  Each is one SC102 whose message looks for a "did you mean" among
all declared people and teams.

The shape "owner directory" (``--directory-file 20000``) writes N people to
``OUT/directory.csv`` (an owner directory: ``directory = ["directory.csv"]``,
not a chain file) and, with ``--directory-owned-links K``, gives the first K
links one of them as owner: declared only in the directory, so a check
without it reports each as SC102.

The shape "many defects" (``--many-defects``): every third link is owned by
an id nobody declared (every other one a typo of its team's id), about every
seventh hands off to a link that does not exist (a typo of the link before
it, or a link removed), and one link in ten comes after the next one (a
cycle of two).
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter

NEEDS_PER_SERVICE = 5
LINKS_PER_TEAM = 5  # well under the SC107 limit of 7


def directory_person(k: int) -> str:
    return f"employee-{k:05d}"


def unknown_owner(k: int, directory_people: int) -> str:
    """The owner of the k-th link with an undeclared owner: a typo of a directory person, or nobody's id."""
    if k % 2 == 0 and directory_people:
        return directory_person((k // 2) % directory_people).replace("employee", "employe", 1)
    return f"contractor-{k:05d}"


def _service_text(
    s: int,
    links: int,
    defects: Counter | None,
    directory_people: int = 0,
    unknown_owner_links: int = 0,
    directory_owned: tuple[int, int] = (0, 0),
    many_defects: bool = False,
) -> str:
    sid = f"svc-{s:05d}"
    lines = [
        "# yaml-language-server: $schema=../schema/svcchain.schema.json",
        "svcchain: 1",
        "services:",
        f"  - id: {sid}",
        f"    name: Service number {s}",
        f"    description: Generated service {s} for benchmarks; it delivers what its customers need.",
        f"    owner: owner-{s:05d}",
    ]
    if s > 0:
        lines.append(f"    depends_on: [svc-{s - 1:05d}]")
    lines += ["    customer:", f"      name: Customers of service {s}", "      needs:"]
    needs = NEEDS_PER_SERVICE
    for n in range(needs):
        lines += [f"        - id: need-{n}", f"          text: The customer of service {s} gets outcome {n} on time"]
    inject_unmet = defects is not None and s % 40 == 3
    if inject_unmet:
        lines += ["        - id: forgotten", "          text: A need nobody delivers"]
        defects["SC301"] += 1
    lines.append("    links:")
    step = max(1, links // needs)
    for i in range(links):
        global_index = s * links + i
        team = f"team-{global_index // LINKS_PER_TEAM:06d}"
        owner_line = f"        owner: {team}"
        result_line = f"        result: Step {i} of service {s} is done correctly and handed on within the agreed time"
        measures = [
            "        measures:",
            "          - name: on-time delivery",
            '            target: ">= 98% per month"',
            "          - name: rework",
            '            target: "< 2% of items"',
        ]
        after = []
        if i > 0:
            after.append(f"link-{i - 1:03d}")
        elif s > 0:
            after.append(f"svc-{s - 1:05d}/link-{links - 1:03d}")
        file_people, owned_links = directory_owned
        if global_index < owned_links and file_people:
            owner_line = f"        owner: {directory_person(global_index % file_people)}"
        elif global_index < unknown_owner_links:
            owner_line = f"        owner: {unknown_owner(global_index, directory_people)}"
            if defects is not None:
                defects["SC102"] += 1
        elif defects is not None and global_index % 997 == 11:
            owner_line = None
            defects["SC101"] += 1
        elif defects is not None and global_index % 997 == 23:
            owner_line = f"        owner: nobody-{global_index}"
            defects["SC102"] += 1
        if defects is not None and global_index % 997 == 37:
            result_line = None
            defects["SC401"] += 1
        if defects is not None and global_index % 997 == 41:
            measures = []
            defects["SC402"] += 1
        if defects is not None and global_index % 997 == 53 and i > 0:
            after = [f"link-{i - 1:03d}-typo"]
            defects["SC201"] += 1
            # the links since the last delivering one now reach no need: dead ends
            last_delivering = max((j for j in range(i) if (j + 1) % step == 0), default=-1)
            defects["SC203"] += (i - 1) - last_delivering
        if many_defects:
            if global_index % 3 == 0:  # a typo of its team (one letter left out), or an id nobody declared
                owner_line = f"        owner: {'tem-' + team[5:] if global_index % 2 else f'nobody-{global_index}'}"
            if i % 10 == 4 and i + 1 < links:
                after.append(f"link-{i + 1:03d}")  # link i + 1 comes after link i: a cycle of two
            elif global_index % 7 == 1 and i > 0 and i % 10 != 5:  # a typo of the link before, or a removed link
                after = [f"link-{i - 1:02d}" if global_index % 2 else f"link-{i - 1:03d}-removed"]
        lines += [f"      - id: link-{i:03d}", f"        name: Link {i} of service {s}"]
        if owner_line:
            lines.append(owner_line)
        if result_line:
            lines.append(result_line)
        lines += measures
        if after:
            lines.append(f"        after: [{', '.join(after)}]")
        delivered = [f"need-{(i // step) % needs}"] if (i + 1) % step == 0 or i == links - 1 else []
        if delivered:
            lines.append(f"        delivers: [{delivered[0]}]")
        lines.append(f"        assets: [asset-{global_index}-a, asset-{global_index}-b]")
        if i % 10 == 0:
            lines += [
                "        requirements:",
                "          - text: Meets the agreed capacity",
                "            kind: explicit",
                "          - text: Complies with the applicable law",
                "            kind: implicit",
            ]
    return "\n".join(lines) + "\n"


def generate(
    out: str,
    links: int,
    links_per_service: int = 50,
    defects: bool = False,
    directory_people: int = 0,
    unknown_owner_links: int = 0,
    directory_file: int = 0,
    directory_owned_links: int = 0,
    many_defects: bool = False,
) -> dict:
    """Write the repository; return the expected findings per rule (empty when clean, without unknown owners)."""
    os.makedirs(out, exist_ok=True)
    services = max(1, links // links_per_service)
    per_service = links // services
    if unknown_owner_links > services * per_service:
        raise ValueError(f"--unknown-owner-links {unknown_owner_links} is more than the {services * per_service} links")
    counts: Counter | None = Counter() if defects else None
    teams = (services * per_service + LINKS_PER_TEAM - 1) // LINKS_PER_TEAM
    org = ["# yaml-language-server: $schema=../schema/svcchain.schema.json", "svcchain: 1", "people:"]
    for t in range(teams):
        for m in range(3):
            org += [f"  - id: person-{t:06d}-{m}", f"    name: Person {m} of team {t}"]
    facilitators = max(1, teams // 10)
    for f in range(facilitators):
        org += [f"  - id: facilitator-{f:05d}", f"    name: Facilitator {f}", "    role: Operations manager"]
    for s in range(services):
        org += [f"  - id: owner-{s:05d}", f"    name: Owner of service {s}", "    role: Service owner"]
    for k in range(directory_people):
        org += [f"  - id: {directory_person(k)}", f"    name: Employee {k}", "    role: In the company directory"]
    org.append("teams:")
    for t in range(teams):
        org += [
            f"  - id: team-{t:06d}",
            f"    name: Team {t}",
            f"    members: [person-{t:06d}-0, person-{t:06d}-1, person-{t:06d}-2]",
            f"    facilitator: facilitator-{t % facilitators:05d}",
        ]
    with open(os.path.join(out, "organisation.yaml"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(org) + "\n")
    for s in range(services):
        with open(os.path.join(out, f"service-{s:05d}.yaml"), "w", encoding="utf-8") as handle:
            handle.write(
                _service_text(
                    s,
                    per_service,
                    counts,
                    directory_people,
                    unknown_owner_links,
                    (directory_file, directory_owned_links),
                    many_defects,
                )
            )
    if directory_file:
        with open(os.path.join(out, "directory.csv"), "w", encoding="utf-8", newline="") as handle:
            handle.write("id,name,email,manager,active_until\n")
            for k in range(directory_file):
                manager = directory_person(k // 10) if k >= 10 else ""
                handle.write(f"{directory_person(k)},Employee {k},employee{k}@example.com,{manager},\n")
    expected = dict(sorted(counts.items())) if counts else {}
    return {k: v for k, v in expected.items() if v}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--links-per-service", type=int, default=50)
    parser.add_argument("--defects", action="store_true")
    parser.add_argument("--directory-people", type=int, default=0, help="people declared who own nothing")
    parser.add_argument("--unknown-owner-links", type=int, default=0, help="links whose owner nobody declared")
    parser.add_argument(
        "--directory-file", type=int, default=0, help="people in OUT/directory.csv (an owner directory)"
    )
    parser.add_argument(
        "--directory-owned-links", type=int, default=0, help="links owned by a person of OUT/directory.csv"
    )
    parser.add_argument(
        "--many-defects",
        action="store_true",
        help="a third of the links with undeclared owners; broken handoffs, cycles",
    )
    args = parser.parse_args()
    expected = generate(
        args.out,
        args.links,
        args.links_per_service,
        args.defects,
        args.directory_people,
        args.unknown_owner_links,
        args.directory_file,
        args.directory_owned_links,
        args.many_defects,
    )
    if args.defects:
        name = os.path.basename(os.path.normpath(args.out))
        with open(os.path.join(os.path.dirname(os.path.abspath(args.out)), f"expected-{name}.json"), "w") as handle:
            json.dump(expected, handle, indent=2)
    print(json.dumps(expected))


if __name__ == "__main__":
    main()
