/* Layanan Konsultasi — the little JavaScript the pages use (no inline script anywhere).
   Keyboard: j/k move through the rows of a list ([data-row] with a link [data-open]), Enter
   opens the selected row, / goes to the search field ([data-search]), ? shows the keys.
   Everything works without it; only the live refresh (htmx) and these keys need JavaScript.
   A refresh never takes the focus or a click away: see the end. */
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
    // Enter on a link or a button is theirs: the selected row opens only from the page itself.
    else if (event.key === "Enter" && selectedKey && !event.target.closest("a, button, summary, dialog")) {
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

  // An entry cited or un-cited from the suggestions panel while the answer form is open: the
  // form's list of regulations (its legal basis) gains or loses the entry's line.
  function regulations() {
    return document.querySelector('#action-panel textarea[name="regulations"]');
  }
  function lines(field) {
    return field.value.split("\n").filter(function (line) { return line.trim() !== ""; });
  }
  function bare(line) { return line.replace(/^[\s\-•]+|\s+$/g, ""); }
  document.addEventListener("citation-added", function (event) {
    var field = regulations();
    var reference = event.detail.reference;
    if (!field || lines(field).some(function (line) { return bare(line) === reference; })) { return; }
    field.value = lines(field).concat([reference]).join("\n");
  });
  document.addEventListener("citation-removed", function (event) {
    var field = regulations();
    if (!field) { return; }
    var reference = event.detail.reference;
    field.value = lines(field).filter(function (line) { return bare(line) !== reference; }).join("\n");
  });

  // What is typed in the open action form is not thrown away without asking: another action
  // done in place (claim, classify, another form) replaces the panel or the whole workspace.
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.closest("#action-panel")) { form.setAttribute("data-typed", ""); }
  });
  document.addEventListener("htmx:confirm", function (event) {
    var panel = document.getElementById("action-panel");
    var typed = panel && panel.querySelector("form[data-typed]");
    var target = event.detail.target;
    if (!typed || typed.contains(event.detail.elt) || !target || !target.contains(panel)) { return; }
    event.preventDefault();
    if (window.confirm(panel.getAttribute("data-discard-warning"))) { event.detail.issueRequest(true); }
  });

  // The inbox, the saved views, the alerts and the queue replace themselves every few seconds.
  // The link or button an officer has tabbed to is focused again in the new copy (found by
  // its address or its form), not dropped to the top of the page; and a refresh does not
  // replace what is under a pressed pointer, or the click would land on nothing (the next
  // refresh comes). Answers to what the officer asked for are always swapped in.
  var pressed = null;
  document.addEventListener("pointerdown", function (event) { pressed = event.target; });
  function released() { setTimeout(function () { pressed = null; }, 0); }
  document.addEventListener("pointerup", released);
  document.addEventListener("pointercancel", released);
  document.addEventListener("click", released);
  window.addEventListener("blur", released);
  var refreshing = false;  // whether the answer being swapped in is a refresh's

  function selectorFor(element) {
    if (element.id) { return "#" + CSS.escape(element.id); }
    var row = element.closest("[data-row]");
    var within = row ? '[data-row="' + CSS.escape(row.getAttribute("data-row")) + '"] ' : "";
    if (element.tagName === "A" && element.getAttribute("href")) {
      return within + 'a[href="' + CSS.escape(element.getAttribute("href")) + '"]';
    }
    if (element.form && element.form.getAttribute("action")) {
      return within + 'form[action="' + CSS.escape(element.form.getAttribute("action")) + '"] ' +
        element.tagName.toLowerCase() + (element.name ? '[name="' + CSS.escape(element.name) + '"]' : "");
    }
    return null;
  }

  var focusBefore = null;
  function beforeReplacing(event) {
    var region = event.detail.target;
    if (refreshing && pressed && region.contains(pressed)) { event.detail.shouldSwap = false; return; }
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active)) {
      focusBefore = { element: active, selector: selectorFor(active), region: region.id };
    }
  }
  function afterReplacing() {
    var before = focusBefore;
    if (!before || before.element.isConnected) { return; }
    focusBefore = null;
    if (document.activeElement && document.activeElement !== document.body) { return; }
    var again = before.selector && document.querySelector(before.selector);
    if (!again && before.region) {
      // The row went (claimed elsewhere): the focus stays in its list, not at the top.
      again = document.getElementById(before.region);
      if (again && !again.hasAttribute("tabindex")) { again.setAttribute("tabindex", "-1"); }
    }
    if (again) { again.focus({ preventScroll: true }); }
  }
  // An answer's own swap is announced first, then those of its out-of-band parts.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var asker = event.detail.elt;
    refreshing = Boolean(asker && /(^|,)\s*every\s/.test(asker.getAttribute("hx-trigger") || ""));
    focusBefore = null;
    beforeReplacing(event);
  });
  document.addEventListener("htmx:oobBeforeSwap", beforeReplacing);
  document.addEventListener("htmx:afterSwap", afterReplacing);
  document.addEventListener("htmx:oobAfterSwap", afterReplacing);
}());
