"""Importing chains from other tools: their data in, svcchain chain documents out.

``refs`` parses Backstage entity references and makes svcchain ids;
``catalog`` reads Backstage catalog files (following ``Location`` entities)
into ``entities``; ``backstage`` maps the entities to people, teams and
services (pure: entities in, documents and a summary out), keeping what it
does not map under ``x-backstage`` (``preserve``); ``emit`` turns the
documents into the chain files an import writes.  Nothing here prints: the command (``cli/imports.py``)
writes the files and the summary.
"""
