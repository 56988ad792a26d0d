"""Chain files → other tools' data: a Backstage catalog, a CODEOWNERS file (docs/export.md).

Pure mappings from the checked model; the commands (``svcchain export``) are
``cli/exports.py``.
"""
