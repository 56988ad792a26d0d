"""What one finding means to a manager: the group it falls in, what to do, why the customer cares.

The report's recommendations are the check's findings, regrouped for the
people who act on them.  Nothing here decides that something is wrong: each
function starts from a finding and only says it in other words, naming the
entities the finding is about (read from its ``service``, ``link``,
``asset``, ``requirement`` and ``subject``) with the names the files give
them.  A finding of a rule this module does not know keeps its own message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from svcchain.analysis.health import is_data_quality

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Link
    from svcchain.findings import Finding

#: The groups of the recommendations: what a manager can act on, in the order the report lists them.
GROUPS = ("ownership", "safety net", "customer needs", "chain breaks", "measurement")
#: A rule family's group, for rules without one of their own below.
FAMILY_GROUP = {"SC1": "ownership", "SC2": "chain breaks", "SC3": "customer needs", "SC4": "measurement"}
RULE_GROUP = {
    "SC105": "safety net",
    "SC106": "safety net",
    "SC109": "safety net",
    "SC501": "ownership",
    "SC502": "ownership",
}
#: A customer need, as (service id, need id).
NeedKey = tuple[str, str]


def group_of(finding: Finding) -> str | None:
    """The group of a finding's recommendation; None for data quality (SC0xx), which has its own section."""
    if is_data_quality(finding):
        return None
    if finding.rule == "SC108" and _role(finding) not in ("owner", None):
        return "safety net"  # a deputy, member, facilitator or manager who left: the net has a hole
    return RULE_GROUP.get(finding.rule) or FAMILY_GROUP.get(finding.rule[:3], "ownership")


def _role(finding: Finding) -> str | None:
    """``owner``, ``deputy``, ... of a departure finding (SC108/SC109: ``left:ROLE:KIND:HOLDER:PERSON``)."""
    parts = finding.subject.split(":")
    return parts[1] if len(parts) >= 5 and parts[0] in ("left", "leaving") else None


def departure(finding: Finding) -> tuple[str, str, str, str] | None:
    """(role, holder kind, holder id, person) of an SC108/SC109 finding, from its subject."""
    parts = finding.subject.split(":")
    if len(parts) < 5 or parts[0] not in ("left", "leaving"):
        return None
    return parts[1], parts[2], ":".join(parts[3:-1]), parts[-1]


def _after(subject: str, prefix: str) -> list[str]:
    """``meets:svc/link:x`` read with prefix ``meets``: ``["svc/link", "x"]``; [] when it does not start so."""
    kind, _, rest = subject.partition(":")
    return rest.split(":") if kind == prefix and rest else []


class Words:
    """The names a manager knows things by, and the customer needs each thing reaches."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.model = analysis.model
        self._reach: dict[str, tuple[NeedKey, ...]] = {}

    # ----------------------------------------------------------------- names

    def person(self, owner_id: str) -> str:
        name = self.analysis.name_of(owner_id)
        return f"‘{name}’" if name else f"‘{owner_id}’"

    def link_of(self, service_id: str | None, link_id: str | None) -> Link | None:
        service = self.model.services.get(service_id or "")
        return service.links.get(link_id or "") if service is not None else None

    def link(self, service_id: str | None, link_id: str | None) -> str:
        found = self.link_of(service_id, link_id)
        return f"link ‘{found.name or found.id}’" if found is not None else f"link ‘{link_id}’"

    def link_key(self, key: str) -> str:
        service_id, _, link_id = key.partition("/")
        return self.link(service_id, link_id)

    def service(self, service_id: str | None) -> str:
        found = self.model.services.get(service_id or "")
        return f"service ‘{found.name or found.id}’" if found is not None else f"service ‘{service_id}’"

    def holder(self, kind: str, holder: str) -> str:
        """What holds a reference to a person, as SC108/SC109 name it: ``link:svc/l``, ``team:t``, ..."""
        if kind == "link":
            return self.link_key(holder)
        if kind == "team":
            team = self.model.teams.get(holder)
            return f"team ‘{team.name or team.id}’" if team is not None else f"team ‘{holder}’"
        if kind == "person":
            return self.person(holder)
        if kind == "service":
            return self.service(holder)
        return f"{kind} ‘{holder}’"

    # ----------------------------------------------------------------- reach

    def link_reach(self, link: Link) -> tuple[NeedKey, ...]:
        """The customer needs a link's result reaches: the needs it delivers and those of every link after it."""
        if link.key not in self._reach:
            from svcchain.graph import link_node

            node = link_node(link)
            handoffs = self.analysis.graph.handoffs
            found = handoffs.descendants(node) if node in handoffs else set()
            self._reach[link.key] = tuple(sorted((n[1], n[2]) for n in found if n[0] == "need"))
        return self._reach[link.key]

    def links_reach(self, links: list[Link]) -> tuple[NeedKey, ...]:
        return tuple(sorted({need for link in links for need in self.link_reach(link)}))

    def owner_links(self, owner_id: str) -> list[Link]:
        """The links an owner carries: its own, and for a person those of the teams they are a member of."""
        teams = {team.id for team in self.model.teams.values() if owner_id in self.analysis.declared_members(team)}
        return [
            link
            for link in self.model.links()
            if link.owner is not None and (link.owner.value == owner_id or link.owner.value in teams)
        ]

    def service_needs(self, service_id: str | None) -> tuple[NeedKey, ...]:
        service = self.model.services.get(service_id or "")
        return tuple((service.id, need) for need in service.needs) if service is not None else ()

    def reach(self, finding: Finding) -> tuple[NeedKey, ...]:
        """The customer needs a finding touches: through its link, need, requirement, asset, owner or service."""
        link = self.link_of(finding.service, finding.link)
        if link is not None:
            return self.link_reach(link)
        kind, _, rest = finding.subject.partition(":")
        if kind == "need" and finding.service is not None:
            return ((finding.service, rest.partition("/")[2]),)
        if finding.requirement is not None and finding.service is not None:
            service = self.model.services.get(finding.service)
            requirement = service.requirements.get(finding.requirement) if service is not None else None
            if requirement is not None:
                return ((requirement.service, requirement.need),)
        if finding.asset is not None:
            return self.links_reach(self.analysis.links_using(finding.asset))
        if kind in ("team", "owner", "member", "facilitator") and rest:
            owner = rest.partition(":")[0] if kind in ("member", "facilitator") else rest
            return self.links_reach(self.owner_links(owner))
        left = departure(finding)
        if left is not None:
            return self.links_reach(self.owner_links(left[3]))
        if finding.service is not None:
            return self.service_needs(finding.service)
        return ()


#: Why each kind of gap matters for the customer, by rule.
WHY = {
    "SC101": "Nobody answers for this step: when it stalls, nobody notices or acts, and the customer waits.",
    "SC102": "The person named is not known in the organisation: in practice nobody may be answering.",
    "SC103": "Nobody answers to the customer for the chain as a whole.",
    "SC104": "A team without people carries nothing: its steps have nobody.",
    "SC105": "When this one person is ill or on leave the step stops, and so does what the customer waits for.",
    "SC106": "The team has nobody to turn to when it is stuck: problems stay inside the team.",
    "SC107": "An owner with too many steps cannot give each the attention it needs: results slip.",
    "SC108": "Work still rests on someone who is no longer there: nobody carries it.",
    "SC109": "Unless the handover is done before the last day, the work and what is known about it leave too.",
    "SC110": "When everyone in a team is accountable, nobody is: the customer has no one person to turn to.",
    "SC201": "A step waits for something that does not exist: the chain is broken there.",
    "SC202": "Steps wait for each other in a circle: none of them can start, and the customer waits.",
    "SC203": "This step's work reaches no customer need: effort the customer does not see, or a need nobody wrote down.",
    "SC204": "The service relies on a service that does not exist: what it needs from it is not arranged.",
    "SC205": "Services that wait for each other in a circle can bring each other down.",
    "SC301": "The customer asks for this and nobody delivers it.",
    "SC302": "A step says it delivers something the customer never asked for: what it is for is unclear.",
    "SC303": "Without the customer's needs nobody can say whether the service does its job.",
    "SC304": "The customer expects this, and no step is responsible for it.",
    "SC305": "A step says it meets a requirement the customer does not have: what it meets is unclear.",
    "SC401": "Without an agreed result the owner cannot be held to account, and the next step does not know "
    "what it gets.",
    "SC402": "Without a measure nobody knows whether the result is delivered until the customer complains.",
    "SC403": "An agreement nobody has looked at for a long time may no longer match what the customer needs.",
    "SC404": "The step does not deliver what was agreed, and the customer feels it.",
    "SC501": "A step relies on a system, contract or place nobody has registered: when it fails, nobody is ready.",
    "SC502": "Nobody looks after a system, contract or place the chain depends on: when it fails, nobody acts.",
}


def _action(words: Words, finding: Finding) -> str | None:
    """What to do, for people: None when the finding's subject does not read as this module expects."""
    rule, service, link = finding.rule, finding.service, finding.link
    subject = finding.subject
    builder = _ACTIONS.get(rule)
    return builder(words, finding, service, link, subject) if builder is not None else None


def _unknown_person(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str:
    kind, _, rest = subject.partition(":")
    if kind == "owner":
        where = words.link(service, link) if link else words.service(service) if service else "an asset"
        return f"Confirm who owns {where}: ‘{rest}’ is not a known person or team"
    holder, _, value = rest.rpartition(":")
    if kind == "deputy" and link:
        return f"Confirm the deputy of {words.link(service, link)}: ‘{value}’ is not a known person"
    return f"Confirm the {kind} of ‘{holder}’: ‘{value}’ is not a known person"


def _measure(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str | None:
    parts = _after(subject, "measure")
    found = words.link_of(service, link)
    if len(parts) < 2 or found is None:
        return None
    name = ":".join(parts[1:])
    measure = next((m for m in found.measure_list if m.name == name), None)
    if measure is None or measure.target is None or measure.actual is None:
        return None
    return (
        f"Discuss the missed target of {words.link(service, link)} with its owner: ‘{name}’ is {measure.actual} "
        f"against a target of {measure.target}"
    )


def _reviewed(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str:
    found = words.link_of(service, link)
    entity = found if found is not None else words.model.services.get(service or "")
    when = f" (last reviewed {entity.reviewed_on.isoformat()})" if entity is not None and entity.reviewed_on else ""
    what = words.link(service, link) if link else "the service"
    return f"Review {what} with its owner{when}"


def _requirement(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str:
    found = words.model.services.get(service or "")
    requirement = found.requirements.get(finding.requirement or "") if found is not None else None
    if requirement is None:
        return f"Make a step responsible for requirement ‘{finding.requirement}’"
    text = f"‘{requirement.text}’" if requirement.text else f"‘{requirement.id}’"
    source = f" ({requirement.source})" if requirement.source else ""
    taken = ", which the customer takes for granted" if requirement.kind == "implicit" else ""
    return f"Make a step responsible for {text}{source}{taken}"


def _overloaded(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str | None:
    owner = subject.partition(":")[2]
    if not owner:
        return None
    count = words.analysis.direct_link_counts()[owner]
    return (
        f"Spread the load of {words.person(owner)}: they own {count} steps, more than the "
        f"{words.analysis.max_links_per_owner} agreed"
    )


def _cycle(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str:
    members = subject.partition(":")[2].split(",")
    if finding.rule == "SC202":
        return "Break the circle of handoffs between " + ", ".join(words.link_key(m) for m in members)
    return "Break the circle of dependencies between " + ", ".join(words.service(m) for m in members)


def _broken(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str:
    named = _after(subject, subject.partition(":")[0])
    missing = f" (‘{named[-1]}’)" if len(named) >= 2 else ""
    return f"Repair the handoff into {words.link(service, link)}: it waits for a step that does not exist{missing}"


def _unknown_service(words: Words, finding: Finding, service: str | None, link: str | None, subject: str) -> str:
    named = _after(subject, "depends")
    missing = f" ‘{named[-1]}’" if len(named) >= 2 else ""
    return f"Arrange what the service needs from the service{missing}, which does not exist"


def _team(words: Words, subject: str) -> str:
    return words.holder("team", subject.partition(":")[2])


_Builder = Callable[[Words, "Finding", "str | None", "str | None", str], "str | None"]
_ACTIONS: dict[str, _Builder] = {
    "SC101": lambda w, f, s, k, _: f"Give {w.link(s, k)} an owner who answers for its result",
    "SC102": _unknown_person,
    "SC103": lambda w, f, s, k, _: "Name an owner for the service, who answers to the customer for the whole chain",
    "SC104": lambda w, f, s, k, subj: f"Put people in {_team(w, subj)}: it carries work but has no members",
    "SC105": lambda w, f, s, k, _: f"Name a deputy for {w.link(s, k)}: it rests on one person",
    "SC106": lambda w, f, s, k, subj: f"Name a facilitator for {_team(w, subj)}, someone the team can turn to",
    "SC107": _overloaded,
    "SC110": lambda w, f, s, k, _: "Name one person accountable for the service instead of a team",
    "SC201": _broken,
    "SC202": _cycle,
    "SC203": lambda w, f, s, k, _: f"Decide what {w.link(s, k)} is for: its result reaches no customer need",
    "SC204": _unknown_service,
    "SC205": _cycle,
    "SC301": lambda w, f, s, k, subj: f"Make a step deliver ‘{_need_text(w, s, subj)}’ to the service's customers",
    "SC302": lambda w, f, s, k, _: f"Agree what {w.link(s, k)} delivers to the customer",
    "SC303": lambda w, f, s, k, _: "Ask the service's customers what they need, and write it down",
    "SC304": _requirement,
    "SC305": lambda w, f, s, k, _: f"Agree which of the customer's requirements {w.link(s, k)} meets",
    "SC401": lambda w, f, s, k, _: f"Agree with the owner of {w.link(s, k)} what result it delivers",
    "SC402": lambda w, f, s, k, _: f"Agree with the owner of {w.link(s, k)} how its result is measured",
    "SC403": _reviewed,
    "SC404": _measure,
    "SC501": lambda w, f, s, k, _: (
        f"Register asset ‘{f.asset}’ and who owns it, or correct what {w.link(s, k)} relies on"
    ),
    "SC502": lambda w, f, s, k, _: f"Give asset ‘{_asset_name(w, f.asset)}’ an owner",
}


def _need_text(words: Words, service_id: str | None, subject: str) -> str:
    need_id = subject.partition(":")[2].partition("/")[2]
    service = words.model.services.get(service_id or "")
    need = service.needs.get(need_id) if service is not None else None
    return (need.text or need.id) if need is not None else need_id


def _asset_name(words: Words, asset_id: str | None) -> str:
    asset = words.model.assets.get(asset_id or "")
    return (asset.name or asset.id) if asset is not None else str(asset_id)


def action_and_why(words: Words, finding: Finding) -> tuple[str, str]:
    """What to do about a finding, said for people, and why it matters for the customer."""
    try:
        action = _action(words, finding)
    except (IndexError, KeyError, ValueError):  # a subject of another shape: say it as the check did
        action = None
    if action is None:
        action = finding.message[:1].upper() + finding.message[1:]
    why = WHY.get(finding.rule)
    if why is None:
        from svcchain.rules import find_rule

        declared = find_rule(finding.rule)
        why = f"{declared.summary[:1].upper()}{declared.summary[1:]}." if declared is not None else ""
    return action, why
