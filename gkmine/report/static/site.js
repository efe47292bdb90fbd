// The report index: filters and pages through window.GKMINE_INDEX (written by gkmine).
// Report text is untrusted, so every value enters the page through textContent.
(function () {
  "use strict";
  var data = window.GKMINE_INDEX;
  var table = document.getElementById("reports");
  if (!data || !table) { return; }
  var PAGE = 200;
  var col = {};
  data.columns.forEach(function (name, i) { col[name] = i; });
  var controls = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var shown = PAGE;

  function values(row, key) {
    var v = row[col[key]];
    return Array.isArray(v) ? v : [v];
  }

  controls.forEach(function (control) {
    if (control.tagName !== "SELECT") { return; }
    var key = control.getAttribute("data-filter");
    var seen = {};
    data.rows.forEach(function (row) {
      values(row, key).forEach(function (v) { if (v !== "") { seen[v] = true; } });
    });
    var options = Object.keys(seen).sort();
    if (key === "failing") { options.unshift("（无）"); options.unshift("（任一）"); }
    options.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      control.appendChild(option);
    });
    control.addEventListener("change", function () { shown = PAGE; render(); });
  });
  controls.forEach(function (control) {
    if (control.tagName === "INPUT") {
      control.addEventListener("input", function () { shown = PAGE; render(); });
    }
  });

  function matches(row) {
    return controls.every(function (control) {
      var key = control.getAttribute("data-filter");
      var want = control.value;
      if (!want) { return true; }
      var have = values(row, key);
      if (control.tagName === "INPUT") { return String(have[0]).indexOf(want) >= 0; }
      if (key === "failing" && want === "（任一）") { return have.length > 0; }
      if (key === "failing" && want === "（无）") { return have.length === 0; }
      return have.indexOf(want) >= 0;
    });
  }

  function cell(tr, text, href) {
    var td = document.createElement("td");
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    tr.appendChild(td);
  }

  function render() {
    var rows = data.rows.filter(matches);
    var body = document.createElement("tbody");
    rows.slice(0, shown).forEach(function (row) {
      var tr = document.createElement("tr");
      var failing = row[col.failing];
      cell(tr, row[col.agency] || row[col.source], row[col.page]);
      ["agency_type", "level", "province", "year", "status"].forEach(function (key) {
        cell(tr, row[col[key]]);
      });
      cell(tr, failing.join(" "));
      if (failing.length) { tr.className = "has-failures"; }
      cell(tr, row[col.source]);
      body.appendChild(tr);
    });
    table.replaceChild(body, table.tBodies[0]);
    document.getElementById("count").textContent =
      "符合条件的报告 " + rows.length + " 份，显示 " + Math.min(shown, rows.length) + " 份。";
    var more = document.getElementById("more");
    more.hidden = rows.length <= shown;
  }

  document.getElementById("more").addEventListener("click", function () {
    shown += PAGE;
    render();
  });
  render();
}());
