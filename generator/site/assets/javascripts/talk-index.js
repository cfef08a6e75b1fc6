/* talkdocs: sort tables marked data-td-sortable by clicking a header, and filter the talk index with the
   form marked data-td-filters. Local, no dependencies, nothing loaded; without it every row is shown. */
(function () {
  "use strict";

  function cellKey(row, index, mode) {
    var cell = row.cells[index];
    if (!cell) return "";
    if (mode === "value" && cell.hasAttribute("data-value")) return cell.getAttribute("data-value");
    return cell.textContent.trim();
  }

  function compare(a, b) {
    var na = Number(a), nb = Number(b);
    if (a !== "" && b !== "" && !isNaN(na) && !isNaN(nb)) return na - nb;
    return a.localeCompare(b, "zh-Hans-CN");
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var mode = th.getAttribute("data-sort");
      if (!mode) return;
      th.tabIndex = 0;
      th.setAttribute("role", "button");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellKey(r1, index, mode), cellKey(r2, index, mode));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function makeFilterable(form) {
    var table = document.querySelector('table[data-td-sortable="' + form.getAttribute("data-td-filters") + '"]');
    if (!table) return;
    var controls = form.querySelectorAll("[data-filter]");
    var output = form.querySelector("[data-td-count]");
    var rows = table.tBodies[0].rows;
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var visible = Array.prototype.every.call(controls, function (control) {
          var key = control.getAttribute("data-filter");
          var wanted = control.value.trim();
          if (!wanted) return true;
          if (key === "q") {
            return (row.getAttribute("data-text") || row.textContent).toLowerCase().indexOf(wanted.toLowerCase()) >= 0;
          }
          var values = (row.getAttribute("data-" + key) || "").split(" ");
          return values.indexOf(wanted) >= 0;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (output) output.textContent = "显示 " + shown + " / " + rows.length + " 次谈话";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-td-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-td-filters]"), makeFilterable);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
