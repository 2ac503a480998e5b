/* The attendance list: one button marks every participant not yet marked as present (the
   trainer then changes the few who were not). Without this script the button stays hidden. */
(function () {
  "use strict";
  var button = document.querySelector("[data-all-present]");
  if (!button) { return; }
  button.closest(".attendance-all").hidden = false;
  button.addEventListener("click", function () {
    document.querySelectorAll(".attendance-row").forEach(function (row) {
      if (!row.querySelector("input[type=radio]:checked")) {
        var present = row.querySelector("input[type=radio][value=present]");
        if (present) { present.checked = true; }
      }
    });
  });
})();
