"""The report's style sheets: one for the screen, one for print; no external fonts or images (the CSP allows none).

Print (A4 and Letter: the printable width is 186 mm, 703 px, on both): the
cover page on its own, then the executive summary, the recommendations and
every service each from a new page; table headers repeat on every page and
rows are never split; no text is smaller than 7.5 pt (the diagrams print in
parts, ``svg.render_parts``, so that their smallest text stays above 7 pt).
"""

CSS = """
:root { --ink:#1a202c; --muted:#4a5568; --line:#e2e8f0; --soft:#f7fafc; --accent:#2b6cb0;
  --error:#c53030; --warning:#b7791f; --info:#3182ce; --ok:#2f855a; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 0 28px 48px; }
header.cover { background: #1a365d; color: #fff; padding: 36px 0 28px; margin-bottom: 28px; }
header.cover .inner { max-width: 1120px; margin: 0 auto; padding: 0 28px; }
header.cover .kicker { margin: 0 0 6px; color: #bee3f8; font-size: 13px; text-transform: uppercase;
  letter-spacing: 0.08em; }
header.cover h1 { margin: 0 0 14px; font-size: 30px; font-weight: 700; letter-spacing: -0.01em;
  overflow-wrap: anywhere; }
header.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; font-size: 14px; }
header.cover dt { color: #bee3f8; } header.cover dd { margin: 0; }
header.cover p.made { margin: 14px 0 0; color: #bee3f8; font-size: 13px; }
h2 { font-size: 22px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 26px 0 8px; color: #2d3748; }
h2, h3, dd, p, li { overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.88em; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
code { overflow-wrap: anywhere; } td.rule, td.rule code { white-space: nowrap; overflow-wrap: normal; }
.note { color: var(--muted); font-size: 12.5px; } p.note { font-size: 13px; margin: 6px 0 0; }
p.lead { font-size: 16px; max-width: 62em; }
ol.gaps { padding-left: 22px; } ol.gaps li { margin: 0 0 8px; } ol.gaps .why { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--soft); }
.card .n { font-size: 26px; font-weight: 700; line-height: 1.1; }
.card .l { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.card.error .n { color: var(--error); } .card.warning .n { color: var(--warning); } .card.info .n { color: var(--info); }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; margin: 6px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 7px 9px; border-bottom: 1px solid var(--line);
  overflow-wrap: break-word; }
th { background: var(--soft); font-weight: 600; color: #2d3748; white-space: nowrap; }
table.recs th, table.trace th { white-space: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.keys { min-width: 12em; } td.who { min-width: 10em; }
.pill { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600;
  white-space: nowrap; }
.pill.error, .pill.high { background: #fed7d7; color: #822727; }
.pill.warning, .pill.medium { background: #fefcbf; color: #744210; }
.pill.info, .pill.low { background: #bee3f8; color: #2a4365; } .pill.ok { background: #c6f6d5; color: #22543d; }
.pill.healthy { background: #c6f6d5; color: #22543d; } .pill.needs-attention { background: #fefcbf; color: #744210; }
.pill.at-risk { background: #fed7d7; color: #822727; }
.bar { height: 8px; background: var(--line); border-radius: 4px; min-width: 90px; margin-top: 6px; }
.bar > span { display: block; height: 8px; border-radius: 4px; }
.bar .healthy { background: var(--ok); } .bar .needs-attention { background: #d69e2e; } .bar .at-risk { background: var(--error); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 0; font-size: 14px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
figure.diagram { margin: 14px 0 6px; border: 1px solid var(--line); border-radius: 8px; padding: 10px;
  overflow-x: auto; background: #fff; }
figure.diagram svg { display: block; max-width: 100%; height: auto; }
svg.chain-part { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
figure.diagram figcaption { font-size: 12px; color: var(--muted); margin-top: 6px; }
.part { break-inside: avoid; page-break-inside: avoid; margin: 0 0 10px; }
.part p { margin: 0 0 4px; font-size: 12px; color: var(--muted); }
.print-only { display: none; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12px; color: var(--muted); margin-top: 8px; }
.legend span::before { content: ""; display: inline-block; width: 14px; height: 10px; margin-right: 6px;
  vertical-align: -1px; border-radius: 2px; border: 1.5px solid #a0aec0; background: #fff; }
.legend .l-link::before { border-left: 5px solid var(--ok); }
.legend .l-finding::before { border-color: var(--error); border-left: 5px solid var(--error); }
.legend .l-warning::before { border-color: var(--warning); border-left: 5px solid var(--warning); }
.legend .l-info::before { border-left: 5px solid var(--info); }
.legend .l-badge::before { content: "2"; width: 14px; height: 14px; border: none; border-radius: 50%;
  background: var(--error); color: #fff; font-size: 10px; font-weight: 700; text-align: center; line-height: 14px; }
.legend .l-need::before { background: #e6f4ea; border-color: var(--ok); border-radius: 6px; }
.legend .l-unmet::before { background: #fdecea; border: 1.5px dashed var(--error); border-radius: 6px; }
.legend .l-external::before { background: var(--soft); border-style: dashed; }
.legend .l-handoff::before, .legend .l-delivers::before, .legend .l-back::before { height: 0; width: 18px;
  border: none; border-top: 2px solid #718096; border-radius: 0; vertical-align: 3px; }
.legend .l-delivers::before { border-top-color: var(--ok); }
.legend .l-back::before { border-top: 2px dashed var(--error); }
.legend b { color: var(--ink); } .legend.symbols span::before { display: none; }
.path { white-space: normal; } .path .arrow { color: #a0aec0; padding: 0 3px; }
.weak { color: var(--error); font-weight: 600; }
tr.unmet td { background: #fff5f5; }
table.raci th.party { vertical-align: bottom; white-space: nowrap; font-weight: 600; padding: 6px 3px;
  writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; max-height: 16em; }
table.raci td.letters { text-align: center; font-weight: 700; white-space: nowrap; padding: 6px 3px; }
table.raci th.link, table.raci td.link { width: 36%; }
table.recs td.priority { white-space: nowrap; }
table.recs th:nth-child(3) { width: 36%; } table.recs th:nth-child(4) { width: 34%; }
table.trace th:nth-child(1) { width: 19%; } table.trace th:nth-child(2) { width: 15%; }
table.trace th:nth-child(3) { width: 33%; }
section.service { margin-top: 8px; }
nav.toc { font-size: 14px; } nav.toc ol { columns: 2; margin: 6px 0 0; padding-left: 22px; }
nav.toc a, a { color: var(--accent); text-decoration: none; }
header.cover nav.toc { margin-top: 22px; } header.cover nav.toc a { color: #bee3f8; }
footer { color: var(--muted); font-size: 12px; margin-top: 48px; border-top: 1px solid var(--line); padding-top: 12px; }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 9.5pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  header.cover { background: none; color: var(--ink); padding: 60mm 0 0; margin: 0; break-after: page;
    page-break-after: always; }
  header.cover .inner { padding: 0; max-width: none; }
  header.cover .kicker, header.cover dt, header.cover p.made { color: var(--muted); }
  header.cover h1 { font-size: 26pt; } header.cover dl { font-size: 11pt; } header.cover .kicker { font-size: 9pt; }
  header.cover p.made { font-size: 8pt; }
  header.cover nav.toc { margin-top: 16mm; font-size: 10pt; } nav.toc ol { columns: 1; }
  header.cover nav.toc a { color: var(--ink); }
  #summary, #recommendations, section.service, #data-quality, #appendix, #changes {
    break-before: page; page-break-before: always; }
  h2 { font-size: 15pt; margin: 0 0 8px; } h3 { font-size: 11pt; margin: 14px 0 5px; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  p.lead { font-size: 10.5pt; }
  table { font-size: 8pt; margin: 4px 0 6px; } th, td { padding: 3px 5px; }
  .note, p.note, .legend, figcaption, figure.diagram figcaption, .pill, .part p { font-size: 7.5pt; }
  code { font-size: 7.5pt; }
  .card { padding: 6px 8px; } .card .n { font-size: 15pt; } .card .l { font-size: 7.5pt; }
  dl.facts { font-size: 9pt; }
  figure.diagram { overflow: visible; border: none; padding: 0; margin: 8px 0 4px; }
  .screen-only { display: none; } .print-only { display: block; }
  table.raci th.party { max-height: 40mm; }
  a { color: var(--ink); }
  footer { font-size: 7.5pt; margin-top: 12px; }
}
"""

#: The page size of a PDF, when one is chosen (``--paper``): added to the style sheet.
PAGE_SIZE = {"a4": "@page { size: A4 portrait; }", "letter": "@page { size: letter portrait; }"}
