"""Views and reports for people: the chain in the terminal, diagrams, the consultant's report.

``analysis`` computes (handoff order, traces, impact, health, ownership);
every other module turns an ``Analysis`` into one format and nothing else.
"""
