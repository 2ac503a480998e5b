/* The survey builder's small helpers (the pages work without them):
   - a question's form shows only the options of the chosen kind;
   - the questions of a section can be dragged to a new order, which is posted to the
     list's data-reorder-url (the Ylös/Alas buttons do the same from the keyboard). */
(function () {
  "use strict";

  function kindOptions() {
    var kind = document.getElementById("id_kind");
    var groups = document.querySelectorAll("fieldset.kind-options[data-kinds]");
    if (!kind || !groups.length) return;
    function show() {
      Array.prototype.forEach.call(groups, function (group) {
        var kinds = group.getAttribute("data-kinds").split(" ");
        group.hidden = kinds.indexOf(kind.value) === -1;
      });
    }
    kind.addEventListener("change", show);
    show();
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function say(text) {
    var status = document.getElementById("reorder-status");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function save(list) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("section", list.getAttribute("data-section") || "");
    var ids = Array.prototype.map.call(list.querySelectorAll(":scope > li[data-id]"), function (li) {
      return li.getAttribute("data-id");
    });
    body.append("order", ids.join(","));
    fetch(list.getAttribute("data-reorder-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { window.location.reload(); return; }
        say(data.message);
        refreshButtons(list);
      });
    }).catch(function () { window.location.reload(); });
  }

  function refreshButtons(list) {
    var items = list.querySelectorAll(":scope > li[data-id]");
    Array.prototype.forEach.call(items, function (li, i) {
      var up = li.querySelector("button[value=up]");
      var down = li.querySelector("button[value=down]");
      if (up) up.disabled = i === 0;
      if (down) down.disabled = i === items.length - 1;
    });
  }

  function dragging() {
    var lists = document.querySelectorAll("ol.question-list[data-reorder-url]");
    Array.prototype.forEach.call(lists, function (list) {
      var moving = null;
      list.classList.add("draggable");
      Array.prototype.forEach.call(list.querySelectorAll(":scope > li[data-id]"), function (li) {
        li.setAttribute("draggable", "true");
        li.addEventListener("dragstart", function (event) {
          moving = li;
          li.classList.add("dragging");
          event.dataTransfer.effectAllowed = "move";
          event.dataTransfer.setData("text/plain", li.getAttribute("data-id"));
        });
        li.addEventListener("dragend", function () {
          li.classList.remove("dragging");
          moving = null;
        });
      });
      list.addEventListener("dragover", function (event) {
        if (!moving) return;
        event.preventDefault();
        var target = event.target.closest("li[data-id]");
        if (!target || target === moving || target.parentNode !== list) return;
        var box = target.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(moving, after ? target.nextSibling : target);
      });
      list.addEventListener("drop", function (event) {
        if (!moving) return;
        event.preventDefault();
        save(list);
      });
    });
  }

  function init() {
    kindOptions();
    dragging();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
