/* Taking part in a workshop: the "x / 500" counter under an idea's text box, and where the
   keyboard focus goes when the button it was on is gone after a vote was taken back.

   <textarea maxlength="500" data-counter="ID" data-counter-live="LIVE_ID"> with
   <span id="ID" hidden> (shown by this script, updated at each key) and a visually hidden
   <span id="LIVE_ID" aria-live="polite"> that a screen reader announces once typing pauses,
   so it does not read out every key. Without this script the help text still says the limit
   and the browser stops at maxlength; the server checks it again. The length counted is the
   one the browser's maxlength counts. */
(function () {
  "use strict";

  var PAUSE_MS = 1000;
  var timers = {};

  function text(field) {
    var max = field.getAttribute("maxlength");
    return field.value.length + " / " + max;
  }

  function update(field, announce) {
    var counter = document.getElementById(field.getAttribute("data-counter"));
    if (!counter) return;
    counter.hidden = false;
    counter.textContent = text(field);
    var max = parseInt(field.getAttribute("maxlength"), 10);
    counter.classList.toggle("near-limit", field.value.length >= max * 0.9);
    if (!announce) return;
    var liveId = field.getAttribute("data-counter-live");
    window.clearTimeout(timers[liveId]);
    timers[liveId] = window.setTimeout(function () {
      var live = document.getElementById(liveId);
      if (live) live.textContent = text(field);
    }, PAUSE_MS);
  }

  function init(root) {
    var fields = (root || document).querySelectorAll("textarea[data-counter]");
    Array.prototype.forEach.call(fields, function (field) { update(field, false); });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field && field.matches && field.matches("textarea[data-counter]")) update(field, true);
  });
  // A form htmx swapped in (after an idea was sent) has its counter hidden again.
  document.addEventListener("htmx:load", function (event) { init(event.target); });

  // htmx keeps the focus on a button whose id is in the new content; "Peru ääni" disappears
  // with the last vote on a theme, so the focus goes to that theme's "Äänestä" instead of
  // the start of the page.
  var focusAfter = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    focusAfter = elt && elt.getAttribute ? elt.getAttribute("data-focus-after") : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (focusAfter && (!active || active === document.body)) {
      var target = document.getElementById(focusAfter);
      if (target) target.focus();
    }
    focusAfter = null;
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
