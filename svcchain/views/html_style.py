"""The report's style sheet: print-friendly, no external fonts or images (the page's CSP allows none)."""

CSS = """
:root { --ink:#1a202c; --muted:#4a5568; --line:#e2e8f0; --soft:#f7fafc; --accent:#2b6cb0;
  --error:#c53030; --warning:#b7791f; --info:#3182ce; --ok:#2f855a; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 0 28px 48px; }
header.top { background: #1a365d; color: #fff; padding: 28px 0 24px; margin-bottom: 28px; }
header.top .inner { max-width: 1120px; margin: 0 auto; padding: 0 28px; }
header.top h1 { margin: 0 0 4px; font-size: 28px; font-weight: 700; letter-spacing: -0.01em; }
header.top p { margin: 0; color: #bee3f8; font-size: 14px; }
h2 { font-size: 22px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 26px 0 8px; color: #2d3748; }
h2, dd, p { overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.88em; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
.note { color: var(--muted); font-size: 12.5px; } p.note { font-size: 13px; margin: 6px 0 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--soft); }
.card .n { font-size: 26px; font-weight: 700; line-height: 1.1; }
.card .l { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.card.error .n { color: var(--error); } .card.warning .n { color: var(--warning); } .card.info .n { color: var(--info); }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; margin: 6px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 7px 9px; border-bottom: 1px solid var(--line);
  overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; color: #2d3748; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.keys { min-width: 14em; } td.who { min-width: 11em; }
.pill { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600;
  white-space: nowrap; }
.pill.error { background: #fed7d7; color: #822727; } .pill.warning { background: #fefcbf; color: #744210; }
.pill.info { background: #bee3f8; color: #2a4365; } .pill.ok { background: #c6f6d5; color: #22543d; }
.pill.healthy { background: #c6f6d5; color: #22543d; } .pill.needs-attention { background: #fefcbf; color: #744210; }
.pill.at-risk { background: #fed7d7; color: #822727; }
.bar { height: 8px; background: var(--line); border-radius: 4px; min-width: 90px; margin-top: 6px; }
.bar > span { display: block; height: 8px; border-radius: 4px; }
.bar .healthy { background: var(--ok); } .bar .needs-attention { background: #d69e2e; } .bar .at-risk { background: var(--error); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 0; font-size: 14px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
figure.diagram { margin: 14px 0 6px; border: 1px solid var(--line); border-radius: 8px; padding: 10px;
  overflow-x: auto; background: #fff; break-inside: avoid; page-break-inside: avoid; }
figure.diagram svg { display: block; max-width: 100%; height: auto; }
figure.diagram figcaption { font-size: 12px; color: var(--muted); margin-top: 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12px; color: var(--muted); margin-top: 8px; }
.legend span::before { content: ""; display: inline-block; width: 14px; height: 10px; margin-right: 6px;
  vertical-align: -1px; border-radius: 2px; border: 1.5px solid #a0aec0; background: #fff; }
.legend .l-link::before { border-left: 5px solid var(--ok); }
.legend .l-finding::before { border-color: var(--error); border-left: 5px solid var(--error); }
.legend .l-need::before { background: #e6f4ea; border-color: var(--ok); border-radius: 6px; }
.legend .l-unmet::before { background: #fdecea; border: 1.5px dashed var(--error); border-radius: 6px; }
.legend .l-external::before { background: var(--soft); border-style: dashed; }
.path { white-space: normal; } .path .arrow { color: #a0aec0; padding: 0 3px; }
.weak { color: var(--error); font-weight: 600; }
tr.unmet td { background: #fff5f5; }
section.service { margin-top: 8px; }
nav.toc { font-size: 14px; } nav.toc ol { columns: 2; margin: 6px 0 0; padding-left: 22px; }
nav.toc a, a { color: var(--accent); text-decoration: none; }
footer { color: var(--muted); font-size: 12px; margin-top: 48px; border-top: 1px solid var(--line); padding-top: 12px; }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  header.top { background: none; color: var(--ink); padding: 0 0 8px; margin-bottom: 12px;
    border-bottom: 2px solid var(--ink); }
  header.top .inner { padding: 0; max-width: none; }
  header.top p { color: var(--muted); }
  nav.toc { display: none; }
  section.service, #ownership { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure.diagram { overflow: visible; border: none; padding: 0; }
  a { color: var(--ink); }
  table { font-size: 9pt; }
}
"""
