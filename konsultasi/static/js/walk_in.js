/* Layanan Konsultasi — the walk-in queue's kiosk and waiting-room display (no inline script).
   Kiosk: back to the start after a quiet spell ([data-kiosk-home], [data-idle-seconds]); a
   print button ([data-print]). Display: when htmx swaps in a board whose call key changed,
   announce the call in the live region, mark the number as new and, if the sound was
   turned on (a click is needed before a browser plays sound), chime. */
(function () {
  "use strict";

  var home = document.querySelector("[data-kiosk-home]");
  if (home) {
    var seconds = parseInt(home.getAttribute("data-idle-seconds"), 10) || 30;
    var timer = null;
    var restart = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        window.location.assign(home.getAttribute("data-kiosk-home"));
      }, seconds * 1000);
    };
    ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var board = document.getElementById("queue-board");
  if (!board) { return; }
  var announcement = document.getElementById("queue-announcement");
  var chime = document.querySelector("[data-chime]");
  var toggle = document.querySelector("[data-sound-toggle]");
  var soundOn = false;
  var grid = board.querySelector("[data-call-key]");
  var lastKey = grid ? grid.getAttribute("data-call-key") : "";

  if (toggle && chime) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      soundOn = !soundOn;
      toggle.setAttribute("aria-pressed", soundOn ? "true" : "false");
      toggle.textContent = toggle.getAttribute(soundOn ? "data-label-on" : "data-label-off");
      if (soundOn) { chime.currentTime = 0; chime.play().catch(function () {}); }
    });
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target !== board) { return; }
    var fresh = board.querySelector("[data-call-key]");
    if (!fresh) { return; }
    var key = fresh.getAttribute("data-call-key");
    if (key && key !== lastKey) {
      if (announcement) { announcement.textContent = fresh.getAttribute("data-announcement") || ""; }
      var now = board.querySelector(".display-now");
      if (now) { now.classList.add("is-new"); }
      if (soundOn && chime) { chime.currentTime = 0; chime.play().catch(function () {}); }
    }
    lastKey = key;
  });
}());
