/* Tutori's page layout helpers: the menu on a phone, the menu's groups, and tables that
   become one card per row on a narrow screen. Pages work without this script: the menu then
   stays open and wraps, a group opens with its own <details>, and a table scrolls inside
   itself instead of the page. */
(function () {
  "use strict";

  /* Tables: each cell gets its column's header as data-label, and a table wider than its
     place becomes "cards" (tutori.css: a card per row, each value after its label). Run again
     after htmx swaps in new rows and when the window changes size. */
  function headerLabels(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var labels = [];
    if (!head) { return labels; }
    Array.prototype.forEach.call(head.cells, function (cell) {
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < (cell.colSpan || 1); i += 1) { labels.push(text); }
    });
    return labels;
  }

  function fitTables(root) {
    Array.prototype.forEach.call(root.querySelectorAll("main table"), function (table) {
      var labels = headerLabels(table);
      var sections = Array.prototype.slice.call(table.tBodies);
      if (table.tFoot) { sections.push(table.tFoot); }
      sections.forEach(function (section) {
        Array.prototype.forEach.call(section.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (labels[column] && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", labels[column]);
            }
            column += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("measured");
      fit(table);
    });
  }

  function fit(table) {
    table.classList.remove("cards");
    var room = table.parentElement.clientWidth;
    if (table.offsetWidth > room || table.scrollWidth > room) { table.classList.add("cards"); }
  }

  var resizing = false;
  window.addEventListener("resize", function () {
    if (resizing) { return; }
    resizing = true;
    window.requestAnimationFrame(function () {
      resizing = false;
      Array.prototype.forEach.call(document.querySelectorAll("table.measured"), fit);
    });
  });

  /* The phone menu: the "Valikko" button shows and hides the menu (tutori.css shows the
     button only on a narrow screen); Escape closes it and returns to the button. */
  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) { return null; }
    document.documentElement.classList.add("menu-js");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    return { toggle: toggle, menu: menu, setOpen: setOpen };
  }

  /* Menu groups are <details>: one open at a time; Escape, a click elsewhere or tabbing out
     of a group closes it. */
  function openGroups() {
    return Array.prototype.slice.call(document.querySelectorAll(".nav-group details[open]"));
  }

  function setUpGroups(phoneMenu) {
    Array.prototype.forEach.call(document.querySelectorAll(".nav-group details"), function (group) {
      group.addEventListener("toggle", function () {
        if (!group.open) { return; }
        openGroups().forEach(function (other) {
          if (other !== group) { other.open = false; }
        });
        // A drop-down that would reach past the window's right edge opens to the left.
        var list = group.querySelector("ul");
        list.classList.remove("flip");
        if (list.getBoundingClientRect().right > document.documentElement.clientWidth) {
          list.classList.add("flip");
        }
      });
      group.addEventListener("focusout", function (event) {
        // Only when focus moves somewhere known: a click on a link inside must still land.
        if (event.relatedTarget && !group.contains(event.relatedTarget)) { group.open = false; }
      });
    });
    document.addEventListener("click", function (event) {
      openGroups().forEach(function (group) {
        if (!group.contains(event.target)) { group.open = false; }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var group = event.target.closest && event.target.closest(".nav-group details[open]");
      if (group) {
        group.open = false;
        group.querySelector("summary").focus();
        event.preventDefault();
      } else if (phoneMenu && phoneMenu.toggle.getAttribute("aria-expanded") === "true" &&
                 (phoneMenu.menu.contains(event.target) || event.target === phoneMenu.toggle)) {
        phoneMenu.setOpen(false);
        phoneMenu.toggle.focus();
        event.preventDefault();
      }
    });
  }

  fitTables(document);
  document.addEventListener("htmx:afterSettle", function () { fitTables(document); });
  setUpGroups(setUpMenu());
}());
