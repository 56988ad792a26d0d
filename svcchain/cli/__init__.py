"""The command line: options → settings → engine → reporter or view → exit status.

The only package that prints and exits.  Heavy modules (pydantic, networkx,
rich) are imported inside the commands that need them, so ``--version`` and
``--help`` stay fast.  Each module declares its commands on the one typer
``app``; importing them here registers them.
"""

from svcchain.cli import check, diff, rules, project, views, impact, report, imports, exports, codeowners  # noqa: I001 - the order of the commands in --help
from svcchain.cli.root import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app, main
from svcchain.cli.runoptions import add_run_options

add_run_options(app)

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "app",
    "check",
    "codeowners",
    "diff",
    "exports",
    "impact",
    "imports",
    "main",
    "project",
    "report",
    "rules",
    "views",
]
