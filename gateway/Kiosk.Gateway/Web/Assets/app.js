// Small enhancements; every page works without them.
// - live regions ([data-live-src]) refresh on server-sent events, never touching a form being filled in;
// - the kiosk goes back to its welcome screen after idle (location.replace; the server forgets the visit by itself);
// - the kiosk keypad types locally; wired buttons (next / select / back) drive focus like a switch controller.
(function () {
  "use strict";
  var body = document.body;
  var resetUrl = body.getAttribute("data-reset");

  // A page restored from the back/forward cache is never shown to the next person.
  window.addEventListener("pageshow", function (e) { if (e.persisted && resetUrl) location.replace(resetUrl); });

  // The server forgets a visit after the same idle time on its own clock; a touch that sends no request (typing on
  // the keypad, scrolling) is reported to it, at most ten times per idle period, so it keeps the visit too.
  var idleMs = parseInt(body.getAttribute("data-idle-ms") || "0", 10);
  var touchUrl = body.getAttribute("data-touch");
  var idleTimer = 0;
  var lastReport = Date.now();
  function reset() { location.replace(resetUrl); }
  function report() {
    if (!touchUrl || Date.now() - lastReport < idleMs / 10) return;
    lastReport = Date.now();
    fetch(touchUrl, { method: "POST", cache: "no-store", credentials: "same-origin" })
      .then(function (r) { if (r.status === 404) reset(); }, function () { });
  }
  function touched() {
    if (!idleMs || !resetUrl) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(reset, idleMs);
    report();
  }
  ["pointerdown", "keydown", "input", "touchstart", "wheel"].forEach(function (t) { document.addEventListener(t, touched, { passive: true, capture: true }); });
  touched();

  function focusables() {
    var selector = "a[href], button:not([disabled]), input:not([type=hidden]), textarea, select";
    var all = Array.prototype.slice.call(document.querySelectorAll("main " + selector.split(", ").join(", main ")))
      .concat(Array.prototype.slice.call(document.querySelectorAll("header " + selector.split(", ").join(", header "))));
    return all.filter(function (el) { return el.offsetParent !== null && el.getAttribute("tabindex") !== "-1"; });
  }
  function move(step) {
    var items = focusables();
    if (!items.length) return;
    var i = items.indexOf(document.activeElement);
    items[(i + step + items.length) % items.length].focus();
  }
  function controller(button) {
    touched();
    if (button === "next") move(1);
    else if (button === "select" && document.activeElement && document.activeElement !== body) document.activeElement.click();
    else if (button === "back") { var back = document.querySelector("[data-back]"); if (back) back.click(); }
  }
  if (body.classList.contains("kiosk")) {
    document.addEventListener("keydown", function (e) {
      if (e.target && (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA")) return;
      if (e.key === "ArrowDown" || e.key === "ArrowRight") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp" || e.key === "ArrowLeft") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { e.preventDefault(); controller("back"); }
    });
  }

  document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });

  // Keypad: type into the field without a round trip.
  var code = document.getElementById("code");
  if (code && code.classList.contains("code-input")) {
    document.querySelectorAll(".key[data-key]").forEach(function (key) {
      key.addEventListener("click", function (e) {
        e.preventDefault();
        var symbols = code.value.replace(/[-\s]/g, "").toUpperCase();
        var k = key.getAttribute("data-key");
        if (k === "del") symbols = symbols.slice(0, -1); else if (symbols.length < 12) symbols += k;
        code.value = (symbols.match(/.{1,4}/g) || []).join("-");
        touched();
      });
    });
  }

  // Codes by scanner: a USB barcode/QR scanner is a keyboard that types the code and Enter. On the welcome screen,
  // Enter after at least a code's worth of code symbols posts them as the code, in the welcome's language and size.
  var scan = document.getElementById("scan");
  if (scan) {
    var typed = "";
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (e.key === "Enter") {
        var scanned = typed;
        typed = "";
        if (scanned.replace(/-/g, "").length < 12) return;
        e.preventDefault();
        scan.elements.code.value = scanned;
        scan.submit();
      } else if (e.key.length === 1 && /[0-9A-Za-z-]/.test(e.key)) {
        typed = (typed + e.key.toUpperCase()).slice(-24);
      } else if (e.key !== "Shift") {
        typed = "";
      }
    }, true);
  }

  var live = body.getAttribute("data-live");
  if (live && window.EventSource) {
    var source = new EventSource(live);
    window.kioskLive = source;
    source.addEventListener("changed", function () {
      document.querySelectorAll("[data-live-src]").forEach(function (region) {
        fetch(region.getAttribute("data-live-src"), { cache: "no-store", credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null && html !== region.innerHTML) region.innerHTML = html; });
      });
    });
    source.addEventListener("button", function (e) { controller(e.data); });
    window.addEventListener("pagehide", function () { source.close(); });
  }
})();
