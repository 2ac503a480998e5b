// The grouping board's drag and drop (native HTML5): an idea dropped into a theme, or back
// among the ungrouped ideas, is posted to the idea's own move URL with its place there; the
// answer is the new board. Without scripts (or with the keyboard) each idea's "Siirrä
// teemaan" form does the same. Listeners sit on the document: the board is replaced after
// each move.
(function () {
  "use strict";
  var dragged = null;

  function zoneOf(target) {
    return target && target.closest ? target.closest(".drop-zone") : null;
  }

  // The place among the zone's ideas where the pointer is (0 = first).
  function positionIn(zone, y) {
    var items = Array.prototype.filter.call(zone.children, function (li) {
      return li.classList.contains("idea") && li !== dragged;
    });
    for (var i = 0; i < items.length; i++) {
      var box = items[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        return i;
      }
    }
    return items.length;
  }

  document.addEventListener("dragstart", function (event) {
    var idea = event.target.closest ? event.target.closest("li.idea[draggable]") : null;
    if (!idea) {
      return;
    }
    dragged = idea;
    idea.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", idea.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("dragging");
    }
    dragged = null;
    document.querySelectorAll(".drop-zone.over").forEach(function (zone) {
      zone.classList.remove("over");
    });
  });

  document.addEventListener("dragover", function (event) {
    var zone = zoneOf(event.target);
    if (dragged && zone) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      zone.classList.add("over");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event.target);
    if (zone && !zone.contains(event.relatedTarget)) {
      zone.classList.remove("over");
    }
  });

  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (!dragged || !zone) {
      return;
    }
    event.preventDefault();
    var url = dragged.getAttribute("data-move-url");
    var values = {
      theme: zone.getAttribute("data-theme") || "",
      position: String(positionIn(zone, event.clientY)),
    };
    var form = dragged.querySelector("form");
    var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    if (token) {
      values.csrfmiddlewaretoken = token.value;
    }
    if (window.htmx) {
      window.htmx.ajax("POST", url, { source: zone, target: "#board", swap: "innerHTML", values: values });
    }
  });
})();
