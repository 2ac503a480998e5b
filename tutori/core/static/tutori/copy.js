/* Copy buttons: <button type="button" data-copy="ID" data-status="ID" data-copied="…"
   data-failed="…" hidden> copies the value of the field ID and says so in the live region
   data-status names. The button is hidden until this script shows it, so a page without
   scripts offers no button that does nothing; the field stays focusable and selectable. */
(function () {
  "use strict";

  function say(status, text) {
    if (!status) return;
    // Emptied first, so the same words are announced again on a second copy.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!field) return;
    var done = function () { say(status, button.getAttribute("data-copied")); };
    var failed = function () {
      // Leave the text selected, so the person can copy it with the keyboard.
      field.focus();
      field.select();
      say(status, button.getAttribute("data-failed"));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (copyBySelection(field)) { done(); } else { failed(); }
      });
    } else if (copyBySelection(field)) {
      done();
    } else {
      failed();
    }
  }

  function init() {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    var fields = document.querySelectorAll("[data-select-on-focus]");
    Array.prototype.forEach.call(fields, function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
