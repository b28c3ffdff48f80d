/* Layanan Konsultasi — the little JavaScript the pages use (no inline script anywhere).
   Keyboard: j/k move through the rows of a list ([data-row] with a link [data-open]), Enter
   opens the selected row, / goes to the search field ([data-search]), ? shows the keys.
   Everything works without it; only the live refresh (htmx) and these keys need JavaScript. */
(function () {
  "use strict";

  var selectedKey = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
  }

  function select(row) {
    rows().forEach(function (r) { r.classList.remove("is-selected"); r.removeAttribute("aria-selected"); });
    if (!row) { selectedKey = null; return; }
    row.classList.add("is-selected");
    row.setAttribute("aria-selected", "true");
    selectedKey = row.getAttribute("data-row");
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var index = all.findIndex(function (r) { return r.getAttribute("data-row") === selectedKey; });
    var next = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    select(all[next]);
  }

  function typing(target) {
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var help = document.getElementById("keyboard-help");
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "Enter" && selectedKey) {
      var row = document.querySelector('[data-row="' + CSS.escape(selectedKey) + '"] [data-open]');
      if (row && row.href) { window.location.href = row.href; event.preventDefault(); }
    } else if (event.key === "/") {
      var search = document.querySelector("[data-search]");
      if (search) { search.focus(); search.select(); event.preventDefault(); }
    } else if (event.key === "?") {
      if (help && help.showModal) { help.showModal(); event.preventDefault(); }
    }
  });

  // Keep the selected row selected when htmx swaps the list in again.
  document.addEventListener("htmx:afterSettle", function () {
    if (!selectedKey) { return; }
    var again = document.querySelector('[data-row="' + CSS.escape(selectedKey) + '"]');
    if (again) { again.classList.add("is-selected"); again.setAttribute("aria-selected", "true"); }
  });
}());
