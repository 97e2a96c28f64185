// The HTML report's script: filtering, sorting and folding. The report reads complete without it.
'use strict';
(function () {
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.supplier'));
  if (!form || !shown) return;
  form.hidden = false;

  // Filtering: tiers ticked, a severity present, and the search text in the supplier's names.
  function apply() {
    var tiers = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=tier]'), function (c) { tiers[c.value] = c.checked; });
    var need = form.elements.severity.value;
    var q = form.elements.q.value.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < sections.length; i++) {
      var d = sections[i].dataset;
      var ok = tiers[d.tier] !== false && (!need || Number(d[need]) > 0) && (!q || d.search.indexOf(q) >= 0);
      if (sections[i].hidden === ok) sections[i].hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + ' of ' + sections.length + ' suppliers shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });

  // Folding: open or close every supplier's details at once.
  function fold(open) {
    Array.prototype.forEach.call(document.querySelectorAll('section.supplier details'), function (d) { d.open = open; });
  }
  document.getElementById('expand').addEventListener('click', function () { fold(true); });
  document.getElementById('collapse').addEventListener('click', function () { fold(false); });

  // Sorting: a click on a column heading sorts the table's rows by it, again to reverse.
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      th.addEventListener('click', function () {
        var down = th.getAttribute('aria-sort') !== 'descending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
        var num = th.classList.contains('num');
        // Each body (a requirement group) is sorted on its own; its heading row stays first.
        Array.prototype.forEach.call(table.tBodies, function (body) {
          var rows = Array.prototype.filter.call(body.rows, function (r) { return !r.classList.contains('group'); });
          rows.sort(function (a, b) {
            var x = a.cells[col].textContent, y = b.cells[col].textContent;
            var c = num ? Number(x) - Number(y) : x.localeCompare(y);
            return down ? -c : c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  });
  // Every supplier is shown at first: no need to walk them all before the first change.
  shown.textContent = sections.length + ' of ' + sections.length + ' suppliers shown';
})();
