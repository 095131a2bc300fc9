// Sorting and filtering of the file table. Reads only the page itself; the address's
// fragment may preset the filter: #q=TEXT&verdict=block&sort=COLUMN&dir=asc|desc
(function () {
  "use strict";
  var table = document.getElementById("files");
  if (!table) { return; }
  var body = table.tBodies[0];
  var query = document.getElementById("q");
  var verdict = document.getElementById("verdict");
  var shown = document.getElementById("shown");

  function apply() {
    var text = query.value.trim().toLowerCase();
    var want = verdict.value;
    var count = 0;
    for (var i = 0; i < body.rows.length; i++) {
      var row = body.rows[i];
      var ok = (!want || row.getAttribute("data-verdict") === want) &&
        (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !ok;
      if (ok) { count++; }
    }
    shown.textContent = String(count);
  }

  function key(row, col, numeric) {
    var cell = row.cells[col];
    var v = cell.getAttribute("data-v");
    if (numeric) { return Number(v !== null ? v : cell.textContent) || 0; }
    return (v !== null ? v : cell.textContent).toLowerCase();
  }

  function sortBy(th, dir) {
    var col = th.cellIndex;
    var numeric = th.getAttribute("data-type") === "number";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return dir === "asc" ? c : -c;
    });
    for (var i = 0; i < rows.length; i++) { body.appendChild(rows[i]); }
    var ths = table.tHead.rows[0].cells;
    for (var j = 0; j < ths.length; j++) { ths[j].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
  }

  var heads = table.tHead.rows[0].cells;
  for (var h = 0; h < heads.length; h++) {
    heads[h].addEventListener("click", function () {
      var now = this.getAttribute("aria-sort");
      var first = this.getAttribute("data-type") === "number" ? "desc" : "asc";
      var dir = now ? (now === "ascending" ? "desc" : "asc") : first;
      sortBy(this, dir);
    });
  }
  query.addEventListener("input", apply);
  verdict.addEventListener("change", apply);

  var params = {};
  location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    var eq = part.indexOf("=");
    if (eq > 0) {
      params[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
    }
  });
  if (params.q) { query.value = params.q; }
  if (params.verdict) { verdict.value = params.verdict; }
  if (params.sort) {
    for (var s = 0; s < heads.length; s++) {
      if (heads[s].getAttribute("data-col") === params.sort) {
        sortBy(heads[s], params.dir === "asc" ? "asc" : "desc");
      }
    }
  }
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
