// Wide tables on a phone: app.css shows each row of a `table.table.stacked` as a block of "label value" lines
// below 640 px. The labels are the table's column headings, copied here onto each cell as data-label, so the
// templates stay plain tables. A table with a header of more than one row, or marked `no-stack`, is left as it
// is and scrolls inside its own box. Tables that htmx swaps in (search results) are labelled when they arrive.
(function () {
  function headings(table) {
    var labels = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < cell.colSpan; i += 1) { labels.push(text); }
    });
    return labels;
  }

  function stack(table) {
    if (table.classList.contains("no-stack") || !table.tHead || table.tHead.rows.length !== 1) { return; }
    var labels = headings(table);
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && labels[column]) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan;
        });
      });
    });
    table.classList.add("stacked");
  }

  function stackAll() { document.querySelectorAll("table.table").forEach(stack); }

  document.addEventListener("DOMContentLoaded", stackAll);
  document.addEventListener("htmx:afterSettle", stackAll);
})();
