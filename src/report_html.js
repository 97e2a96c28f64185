// The HTML report's script: filtering, sorting and folding. The report reads complete without it.
'use strict';
(function () {
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  var sections = Array.prototype.slice.call(document.querySelectorAll('section[data-tier]'));
  // The chunks of a hundred sections (see the style sheet), each with how many it shows.
  var chunks = Array.prototype.slice.call(document.querySelectorAll('div.chunk'));
  // A chunk holding an unreadable input's section always stays: the filters are about suppliers.
  var chunkOf = [], keep = [];
  chunks.forEach(function (c, k) {
    for (var s = c.firstElementChild; s; s = s.nextElementSibling) {
      if (s.hasAttribute('data-tier')) chunkOf.push(k); else keep[k] = true;
    }
  });
  if (!form || !shown) return;
  form.hidden = false;

  // What the search looks in: the supplier's name (in the heading, not its tier) and the line
  // under it (id, contract, status, file), lower-cased; read from the page once it has loaded.
  var names = null;
  function searchText(i) {
    if (!names) {
      names = sections.map(function (s) {
        return (s.firstElementChild.firstElementChild.textContent + ' ' + s.children[1].textContent).toLowerCase();
      });
    }
    return names[i];
  }

  // Filtering: tiers ticked, a severity present, and the search text in the supplier's names.
  function apply() {
    var tiers = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=tier]'), function (c) { tiers[c.value] = c.checked; });
    var need = form.elements.severity.value;
    var q = form.elements.q.value.trim().toLowerCase();
    var n = 0, inChunk = chunks.map(function () { return 0; });
    for (var i = 0; i < sections.length; i++) {
      var d = sections[i].dataset;
      var ok = tiers[d.tier] !== false && (!need || Number(d[need]) > 0) && (!q || searchText(i).indexOf(q) >= 0);
      if (sections[i].hidden === ok) sections[i].hidden = !ok;
      if (ok) { n++; inChunk[chunkOf[i]]++; }
    }
    // A chunk with nothing to show goes, rather than leave its guessed height as empty space.
    chunks.forEach(function (c, k) { var off = !inChunk[k] && !keep[k]; if (c.hidden !== off) c.hidden = off; });
    shown.textContent = n + ' of ' + sections.length + ' suppliers shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });

  // Folding: open or close every supplier's details at once.
  function fold(open) {
    Array.prototype.forEach.call(document.querySelectorAll('section[data-tier] details'), function (d) { d.open = open; });
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
  // Every supplier is shown at first: no need to walk them all before the first change. The
  // search's text is gathered once the page has loaded, while the reader is still reading.
  shown.textContent = sections.length + ' of ' + sections.length + ' suppliers shown';
  window.addEventListener('load', function () { setTimeout(function () { searchText(0); }, 0); });
})();
