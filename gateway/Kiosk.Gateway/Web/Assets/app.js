// Small enhancements; every page works without them.
// - live regions ([data-live-src]) refresh on server-sent events, never touching a form being filled in;
// - the kiosk goes back to its welcome screen after idle (location.replace; the server forgets the visit by itself);
// - the kiosk keypad types locally; wired buttons (next / select / back) drive focus like a switch controller;
// - the audio ballot speaks each screen and choice (speech from the gateway's espeak-ng) and is driven by keys or buttons.
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
  // Set by the audio ballot below: in audio mode it takes the controller's buttons (true when it handled one).
  var audioControl = null;
  function controller(button) {
    touched();
    if (audioControl && audioControl(button)) return;
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

  // Codes by camera, only where one is configured (the server then renders #camera on the welcome and code screens).
  // Four times a second a small greyscale copy of the camera's picture goes to the gateway, which reads the slip's QR
  // code (ZXing.Net); a voter code is posted as a USB scanner's is: from the welcome in its language and size, on the
  // code screen as "Continue". No camera, or a refused one: nothing shows, and typing and the scanner still work.
  var camera = document.getElementById("camera");
  if (camera && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var cameraUrl = camera.getAttribute("data-camera");
    var video = camera.querySelector("video");
    var cameraProblem = camera.querySelector(".camera-problem");
    var canvas = document.createElement("canvas");
    var frameWidth = 320, frameMs = 250;
    var sending = false, read = false, stream = null, grabber = 0;
    var enter = function (value) {
      read = true;
      clearInterval(grabber);
      if (scan) { scan.elements.code.value = value; scan.submit(); return; }
      var submit = document.querySelector("button.default-submit");
      if (code && submit) { code.value = value; submit.click(); }
    };
    var grab = function () {
      if (read || sending || video.readyState < 2 || !video.videoWidth) return;
      var w = Math.min(frameWidth, video.videoWidth);
      var h = Math.round(video.videoHeight * w / video.videoWidth);
      if (h < 64 || h > 640) return;
      canvas.width = w;
      canvas.height = h;
      var g = canvas.getContext("2d", { willReadFrequently: true });
      g.drawImage(video, 0, 0, w, h);
      var rgba = g.getImageData(0, 0, w, h).data;
      var grey = new Uint8Array(w * h);
      for (var i = 0, j = 0; j < grey.length; i += 4, j++) grey[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
      sending = true;
      fetch(cameraUrl + "?w=" + w + "&h=" + h, { method: "POST", cache: "no-store", credentials: "same-origin", headers: { "Content-Type": "application/octet-stream" }, body: grey })
        .then(function (r) {
          if (r.status === 200) return r.json().then(function (answer) { if (answer && answer.code) enter(answer.code); });
          if (r.status === 422) cameraProblem.textContent = camera.getAttribute("data-camera-wrong");
        })
        .catch(function () { })
        .then(function () { sending = false; });
    };
    navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 640 }, height: { ideal: 480 } } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.play().catch(function () { });
      camera.hidden = false;
      grabber = setInterval(grab, frameMs);
    }, function () { });
    window.addEventListener("pagehide", function () { if (stream) stream.getTracks().forEach(function (t) { t.stop(); }); });
  }

  // The audio ballot (on the model of VxSuite's accessible ballot marking). The gateway renders speech with espeak-ng
  // (POST /kiosk/speech: the text in the body, never in an address) and this page plays each clip in an audio element.
  // What is spoken is the screen's own text (from the same resx as the screen): its headings and paragraphs, then each
  // choice as the resident moves to it. Audio mode starts with the configured key (data-speech-key), the wired "audio"
  // button, or headphones going in (the gateway watches the jack); it lasts for the visit (sessionStorage holds only
  // the speed) and the welcome screen of the next person ("?reset=1") forgets it unless headphones are still in.
  var speechUrl = body.getAttribute("data-speech");
  // What this page has said (for the page's own tests; gone with the page, like everything the screen shows).
  var speech = { on: false, rate: 0, last: "", heard: [], spoken: 0, played: 0, refused: 0, script: function () { return []; } };
  window.kioskSpeech = speech;
  if (speechUrl && body.classList.contains("kiosk")) {
    var storageKey = "kiosk-speech";
    var startKey = body.getAttribute("data-speech-key") || "F2";
    var defaultRate = parseInt(body.getAttribute("data-speech-rate") || "160", 10);
    var minRate = parseInt(body.getAttribute("data-speech-min") || "80", 10);
    var maxRate = parseInt(body.getAttribute("data-speech-max") || "400", 10);
    var rateStep = 20;
    var pageLang = document.documentElement.lang;
    var player = new Audio();
    var queue = [];
    var generation = 0;
    var words = function (name) { return body.getAttribute("data-say-" + name) || ""; };
    var stored = function () { try { return sessionStorage.getItem(storageKey); } catch (e) { return null; } };
    var store = function (value) { try { if (value === null) sessionStorage.removeItem(storageKey); else sessionStorage.setItem(storageKey, value); } catch (e) { } };

    var playNext = function (g) {
      if (g !== generation) return;
      var part = queue.shift();
      if (!part) return;
      speech.last = part.text;
      speech.heard.push(part.text);
      if (speech.heard.length > 200) speech.heard.shift();
      speech.spoken++;
      var form = new URLSearchParams();
      form.set("lang", part.lang || pageLang);
      form.set("rate", String(speech.rate));
      form.set("text", part.text.slice(0, 600));
      fetch(speechUrl, { method: "POST", body: form, cache: "no-store", credentials: "same-origin" })
        .then(function (r) { if (!r.ok) speech.refused++; return r.ok ? r.blob() : null; })
        .then(function (clip) {
          if (g !== generation) return;
          if (!clip) { playNext(g); return; }
          var url = URL.createObjectURL(clip);
          var done = function (played) { return function () { URL.revokeObjectURL(url); if (played) speech.played++; playNext(g); }; };
          player.onended = done(true);
          player.onerror = done(false);
          player.src = url;
          var started = player.play();
          if (started && started.catch) started.catch(function () { if (g === generation) done(false)(); });
        }, function () { if (g === generation) playNext(g); });
    };
    // Says the parts in order, cutting off whatever was being said.
    var say = function (parts) {
      generation++;
      player.pause();
      queue = parts.filter(function (p) { return p && p.text; });
      playNext(generation);
    };
    var clean = function (text) { return (text || "").replace(/\s+/g, " ").trim(); };
    // Codes and trackers are spelled symbol by symbol, their dashes as pauses.
    var spell = function (text) { return clean(text).split("").map(function (c) { return c === "-" ? "," : c; }).join(" "); };
    var langOf = function (el) { var l = el.closest("[lang]"); return l ? l.getAttribute("lang") : pageLang; };
    var textOf = function (el) {
      if (el.classList.contains("tracker") || el.classList.contains("example")) return spell(el.textContent);
      var copy = el.cloneNode(true);
      copy.querySelectorAll("[aria-hidden=true]").forEach(function (hidden) { hidden.remove(); });
      copy.querySelectorAll(".example").forEach(function (example) { example.textContent = " " + spell(example.textContent) + " "; });
      return clean(copy.textContent);
    };
    var describe = function (el) {
      if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") {
        var label = el.id ? document.querySelector("label[for='" + el.id + "']") : null;
        var value = el.value ? (el.id === "code" ? spell(el.value) : clean(el.value)) : words("empty");
        return { text: (label ? clean(label.textContent) + ". " : "") + value, lang: langOf(el) };
      }
      var text = clean(el.getAttribute("aria-label")) || textOf(el);
      var pressed = el.getAttribute("aria-pressed");
      if (pressed === "true" || el.getAttribute("aria-current") === "true") text += ". " + words("selected");
      else if (pressed === "false") text += ". " + words("not-selected");
      return { text: text, lang: langOf(el) };
    };
    // The choices audio mode moves through: the screen's controls (not the header's text sizes).
    var items = function () {
      return Array.prototype.slice.call(document.querySelectorAll("main a[href], main button:not([disabled]), main input:not([type=hidden]), main textarea"))
        .filter(function (el) { return el.offsetParent !== null && el.getAttribute("tabindex") !== "-1" && !el.closest("#live"); });
    };
    // The screen's words: headings, paragraphs and list items that are not themselves choices.
    var intro = function () {
      var root = document.getElementById("screen") || document.querySelector("main");
      if (!root) return [];
      return Array.prototype.slice.call(root.querySelectorAll("h1, h2, p, li"))
        .filter(function (el) { return el.offsetParent !== null && !el.closest("button, a, #live, .keypad"); })
        .map(function (el) { return { text: textOf(el), lang: langOf(el) }; });
    };
    speech.script = function () { return intro().concat(items().map(describe)); };

    var current = function () { var el = document.activeElement; return el && el !== body && el.closest("main") ? el : null; };
    var sayCurrent = function () { var el = current(); say(el ? [describe(el)] : intro()); };
    var move = function (step) {
      var all = items();
      if (!all.length) { say(intro()); return; }
      var i = all.indexOf(document.activeElement);
      var next = all[i < 0 ? (step > 0 ? 0 : all.length - 1) : (i + step + all.length) % all.length];
      if (next === document.activeElement) sayCurrent(); else next.focus();
    };
    var setRate = function (rate) {
      speech.rate = Math.max(minRate, Math.min(maxRate, rate));
      store(String(speech.rate));
      sayCurrent();
    };
    var start = function (help) {
      speech.on = true;
      speech.rate = parseInt(stored() || "", 10) || defaultRate;
      store(String(speech.rate));
      body.classList.add("audio");
      say((help ? [{ text: words("help") }] : []).concat(intro()));
    };
    var stop = function (quietly) {
      speech.on = false;
      store("off");
      body.classList.remove("audio");
      if (quietly) { generation++; player.pause(); } else say([{ text: words("off") }]);
    };
    var act = function (action) {
      if (action === "audio") { if (speech.on) stop(false); else start(true); return true; }
      if (!speech.on) return false;
      if (action === "next") move(1);
      else if (action === "previous") move(-1);
      else if (action === "select") { var el = current(); if (el) el.click(); else say(intro()); }
      else if (action === "back") { var back = document.querySelector("[data-back]"); if (back) back.click(); else say(intro()); }
      else if (action === "repeat") { if (current()) sayCurrent(); else say(intro()); }
      else if (action === "slower") setRate(speech.rate - rateStep);
      else if (action === "faster") setRate(speech.rate + rateStep);
      else return false;
      return true;
    };
    audioControl = act;

    document.addEventListener("focusin", function (e) { if (speech.on && e.target.closest && e.target.closest("main")) say([describe(e.target)]); });
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
      var inField = e.target && (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA");
      var action = e.key === startKey ? "audio"
        : e.key === "ArrowDown" || e.key === "ArrowRight" ? "next"
        : e.key === "ArrowUp" || e.key === "ArrowLeft" ? "previous"
        : e.key === "Escape" ? "back"
        : e.key === "F3" ? "repeat" : e.key === "F4" ? "slower" : e.key === "F5" ? "faster"
        : inField ? null
        : e.key === "Enter" || e.key === " " ? "select"
        : e.key === "r" || e.key === "R" ? "repeat"
        : e.key === "-" ? "slower"
        : e.key === "+" || e.key === "=" ? "faster" : null;
      if (!action || (action !== "audio" && !speech.on)) return;
      e.preventDefault();
      e.stopPropagation();
      touched();
      act(action);
    }, true);
    // Typing the code: each symbol is said as it goes in.
    document.addEventListener("input", function (e) {
      if (!speech.on || e.target.id !== "code") return;
      say([{ text: e.data ? spell(e.data) : (e.inputType && e.inputType.indexOf("delete") === 0 ? words("deleted") : spell(e.target.value) || words("empty")) }]);
    });
    document.querySelectorAll(".key[data-key]").forEach(function (key) {
      key.addEventListener("click", function () { var field = document.getElementById("code"); if (speech.on && field) say([{ text: spell(field.value) || words("empty") }]); });
    });

    if (/[?&]reset=1/.test(location.search)) store(null); // the next person starts without the last one's audio mode
    var headphones = body.getAttribute("data-headphones");
    var was = stored();
    if (was && was !== "off") start(false);
    else if (!was && headphones === "plugged") start(true);
    speech.headphones = function (state) { if (state === "plugged" && !speech.on) start(true); else if (state === "unplugged" && speech.on) stop(true); };
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
    source.addEventListener("headphones", function (e) { touched(); if (speech.headphones) speech.headphones(e.data); });
    window.addEventListener("pagehide", function () { source.close(); });
  }
})();
