"""Where svcchain lives: the one place for the addresses its outputs name.

SARIF names the home page as the tool's ``informationUri``; the JSON Schema
names its published copy as ``$id``.
"""

HOMEPAGE = "https://github.com/svcchain/svcchain"

#: the committed schema/svcchain.schema.json, as published from the main branch
SCHEMA_ID = "https://raw.githubusercontent.com/svcchain/svcchain/main/schema/svcchain.schema.json"
