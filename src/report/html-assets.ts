// The HTML report's one stylesheet and one script, inline. The page's
// Content-Security-Policy allows exactly these two by hash, so nothing else
// runs or loads, whatever a scanned value might contain. The script is
// progressive enhancement: without it the page shows every finding in a
// fixed order; with it the table sorts and filters, all in the page.

export const CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b636e; --bg: #fff; --card: #f4f6f8; --line: #d6dbe0;
  --high: #b42318; --medium: #b54708; --low: #475467; --present: #c0392b; --gone: #667085; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ec; --muted: #a0a8b2; --bg: #14171a; --card: #1f2428; --line: #353c43;
  --high: #f97066; --medium: #fdb022; --low: #98a2b3; --present: #f97066; --gone: #98a2b3; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 1.5rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; } h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; overflow-wrap: anywhere; }
a { color: inherit; }
.muted, .note { color: var(--muted); }
.figures { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; padding: 0; list-style: none; }
.figures li { background: var(--card); border-radius: 8px; padding: .6rem 1rem; min-width: 8rem; }
.figures .n { display: block; font-size: 1.6rem; font-weight: 650; }
.figures .high .n, .sev-high { color: var(--high); } .figures .medium .n, .sev-medium { color: var(--medium); }
.figures .low .n, .sev-low { color: var(--low); } .figures .live .n, .verdict-live { color: var(--present); font-weight: 600; } .verdict-revoked { color: var(--gone); } .figures .present .n, .present-yes { color: var(--present); font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--bg); white-space: nowrap; }
#findings-table th { position: sticky; top: 0; }
td.num, th.num { text-align: right; }
.providers { width: auto; min-width: 28rem; }
#findings-table td { overflow-wrap: anywhere; }
#findings-table td.nowrap code, #findings-table td.nowrap time { white-space: nowrap; overflow-wrap: normal; }
#findings-table code.match { display: inline-block; min-width: 9em; }
.sub { display: block; color: var(--muted); font-size: .86em; }
button.sort { font: inherit; font-weight: 650; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; } th[aria-sort="descending"] button.sort::after { content: " \\25BC"; }
#controls { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: .75rem; }
#controls[hidden] { display: none; }
#controls label { display: flex; flex-direction: column; font-size: .86em; color: var(--muted); }
#controls input, #controls select { font: inherit; padding: .25rem .4rem; }
.timeline { max-width: 100%; height: auto; background: var(--card); border-radius: 8px; }
.timeline .dot.present { fill: var(--present); } .timeline .dot.gone { fill: var(--bg); stroke: var(--gone); stroke-width: 1.5; }
.timeline .dot.unknown { fill: var(--gone); }
.timeline .axis, .timeline .legend, .timeline .more { fill: var(--muted); font-size: 12px; }
.timeline .axis-line, .timeline .tick { stroke: var(--muted); }
tr:target { outline: 2px solid var(--present); }
.provider { background: var(--card); border-radius: 8px; padding: .2rem 1rem .6rem; margin-bottom: .75rem; }
.provider .count { color: var(--muted); font-weight: 400; font-size: .9em; }
pre { background: var(--card); padding: .75rem; border-radius: 8px; overflow-x: auto; }
@media print { #controls { display: none; } th { position: static; } }
`;

export const SCRIPT = `
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var text = document.getElementById("filter-text");
  var selects = Array.prototype.slice.call(document.querySelectorAll("#controls select"));
  var shown = document.getElementById("shown");
  document.getElementById("controls").hidden = false;

  function apply() {
    var words = text.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var n = 0;
    rows.forEach(function (row) {
      var ok = selects.every(function (s) { return !s.value || row.getAttribute("data-" + s.name) === s.value; });
      if (ok && words.length) {
        var hay = row.textContent.toLowerCase();
        ok = words.every(function (w) { return hay.indexOf(w) !== -1; });
      }
      row.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = "Showing " + n + " of " + rows.length + " finding" + (rows.length === 1 ? "" : "s") + ".";
  }

  function key(row, i) {
    var cell = row.cells[i];
    var v = cell.getAttribute("data-v");
    return v !== null ? v : cell.textContent.trim();
  }

  function sortBy(i) {
    var th = heads[i];
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      var nx = Number(x), ny = Number(y);
      var c = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
      return c * dir || Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i"));
    });
    sorted.forEach(function (row) { tbody.appendChild(row); });
  }

  heads.forEach(function (th, i) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sort";
    b.title = "Sort by " + th.textContent.trim().toLowerCase();
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener("click", function () { sortBy(i); });
  });
  text.addEventListener("input", apply);
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    text.value = "";
    selects.forEach(function (s) { s.value = ""; });
    apply();
  });
  apply();
})();
`;
