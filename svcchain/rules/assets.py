"""SC5xx — assets: know what you have.

The links of a chain depend on systems, contracts and places.  An owner must
know what they have: which assets the result rests on, who owns each, and
who supplies it.  A repository that declares assets under ``assets:`` is
held to them; one that declares none keeps free-text asset names.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcchain.findings import Problem, Severity
from svcchain.rules import rule
from svcchain.rules.context import Context
from svcchain.rules.examples import MAIL, variant
from svcchain.suggestions import Suggester

_ASSETS = variant(
    MAIL,
    (
        "services:\n",
        "assets:\n"
        "  - {id: mail-server, name: Mail server, kind: system, owner: ops, supplier: Hosting Ltd}\n"
        "services:\n",
    ),
    ("        delivers: [inbox]\n", "        delivers: [inbox]\n        assets: [mail-server]\n"),
)


@rule(
    "SC501",
    "unknown-asset",
    Severity.ERROR,
    "a link's `assets` names an asset that is not declared, in a repository that declares assets",
    """
    Once a repository keeps an asset register (`assets:` at the top level),
    every link's `assets` entry should name one of its assets: an unknown id
    is a typo, or an asset nobody registered - with no owner and no
    supplier on record.  A repository that declares no assets at all keeps
    free-text asset names and is not checked.
    """,
    bad=variant(_ASSETS, ("assets: [mail-server]", "assets: [mail-server, spam-filter]")),
    good=_ASSETS,
)
def unknown_asset(ctx: Context) -> Iterator[Problem]:
    model = ctx.model
    if not model.assets:
        return
    known = Suggester(model.assets)
    for link in model.links():
        for ref in link.assets:
            if ref.value not in model.assets:
                yield Problem(
                    f"link '{link.id}' of service '{link.service}' depends on asset '{ref.value}', which is "
                    f"not declared{known.did_you_mean(ref.value)}",
                    ref.anchor,
                    fix="declare it under 'assets:' (with its owner and supplier), or fix the id",
                    service=link.service,
                    link=link.id,
                    asset=ref.value,
                    subject=f"asset-use:{link.key}:{ref.value}",
                )


@rule(
    "SC502",
    "unowned-asset",
    Severity.WARNING,
    "a declared asset has no owner",
    """
    An asset nobody owns is maintained by nobody: its licence runs out, its
    contract is not renewed, its server is not patched, and the links that
    rest on it break without warning.  Give every asset an owner, a person
    or a team, who knows it is theirs.
    """,
    bad=variant(_ASSETS, (", owner: ops, supplier", ", supplier")),
    good=_ASSETS,
)
def unowned_asset(ctx: Context) -> Iterator[Problem]:
    for asset in ctx.model.assets.values():
        if asset.owner is None and "owner" not in asset.invalid:
            yield Problem(
                f"asset '{asset.id}' has no owner",
                asset.anchor,
                fix="add 'owner:' with the person or team that looks after it",
                asset=asset.id,
                subject=f"asset:{asset.id}",
            )
