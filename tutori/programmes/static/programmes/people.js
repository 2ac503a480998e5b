/* People lists of the programme form: a filter field shows only the people whose name (or
   organisation) contains what is typed; chosen people always stay visible. Without this
   script the whole list shows and the filter field stays hidden. */
(function () {
  "use strict";
  document.querySelectorAll("[data-people]").forEach(function (box) {
    var input = box.querySelector("[data-people-filter]");
    var none = box.querySelector("[data-people-none]");
    if (!input) { return; }
    input.closest(".people-filter").hidden = false;
    var rows = Array.prototype.slice.call(box.querySelectorAll(".people-list > div"));
    input.addEventListener("input", function () {
      var term = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var checked = row.querySelector("input").checked;
        var match = !term || checked || row.textContent.toLowerCase().indexOf(term) !== -1;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (none) { none.hidden = shown > 0; }
    });
  });
})();
