/* Layanan Konsultasi — the portal's little JavaScript (no inline script anywhere).
   [data-copy="#id"] copies the text of #id (the receipt's number); [data-submit-once] buttons
   are disabled after the first submit, so a double tap sends one form (the server also makes
   a double submit create one consultation). Everything works without it. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) { return; }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = button.getAttribute("data-copied") || button.textContent;
    });
  });

  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-submit-once]");
    if (!button) { return; }
    if (button.getAttribute("data-submitted")) { event.preventDefault(); return; }
    button.setAttribute("data-submitted", "true");
    button.setAttribute("aria-disabled", "true");
  });
})();
