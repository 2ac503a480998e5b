/* Print buttons: <button type="button" data-print hidden> prints the page. Hidden until this
   script shows it, so a page without scripts offers no button that does nothing (the
   browser's own print still works: the print style leaves the menu out). */
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
