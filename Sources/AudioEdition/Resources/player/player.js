// The episode player: play and pause, seek 15 s, speed, chapters that seek, and the word
// being spoken marked (the one element with aria-current="true") and kept in view.
(function () {
  "use strict";
  var audio = document.querySelector("audio");
  if (!audio) return;
  var play = document.querySelector("[data-action=play]");
  var time = document.querySelector(".time");
  var position = document.querySelector(".position");
  var dragging = false;
  // One set of controls: ours once this script runs, the browser's bar without it.
  var controls = document.querySelector(".controls");
  if (controls) {
    controls.hidden = false;
    audio.removeAttribute("controls");
  }
  var words = Array.prototype.slice.call(document.querySelectorAll(".word"));
  var starts = words.map(function (word) { return parseFloat(word.getAttribute("data-start")); });
  var current = null;
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // The last word that has started by `t`, or null before the first.
  function wordAt(t) {
    var low = 0, high = starts.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (starts[middle] <= t + 0.0005) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found < 0 ? null : words[found];
  }

  function mark() {
    var word = wordAt(audio.currentTime);
    if (word !== current) {
      if (current) current.removeAttribute("aria-current");
      if (word) {
        word.setAttribute("aria-current", "true");
        var box = word.getBoundingClientRect();
        if (box.top < 80 || box.bottom > window.innerHeight) {
          word.scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
        }
      }
      current = word;
    }
    var end = audio.duration || parseFloat(audio.getAttribute("data-duration")) || 0;
    if (time) time.textContent = clock(audio.currentTime) + " / " + clock(end);
    if (position && !dragging) { position.max = String(end); position.value = String(audio.currentTime); }
  }

  function toggle() {
    if (audio.paused) { var started = audio.play(); if (started && started.catch) started.catch(function () {}); } else { audio.pause(); }
  }

  function seek(to) {
    var end = audio.duration || parseFloat(audio.getAttribute("data-duration")) || 0;
    audio.currentTime = Math.min(Math.max(0, to), end);
    mark();
  }

  function showState() {
    if (!play) return;
    play.textContent = audio.paused ? "Play" : "Pause";
    play.setAttribute("aria-label", audio.paused ? "Play" : "Pause");
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-action], .word, [data-seek]") : null;
    if (!target) return;
    var action = target.getAttribute("data-action");
    if (action === "play") toggle();
    else if (action === "back") seek(audio.currentTime - 15);
    else if (action === "forward") seek(audio.currentTime + 15);
    else if (action === "speed") {
      audio.playbackRate = parseFloat(target.getAttribute("data-rate"));
      document.querySelectorAll("[data-action=speed]").forEach(function (button) {
        button.setAttribute("aria-pressed", button === target ? "true" : "false");
      });
    } else if (target.hasAttribute("data-seek")) seek(parseFloat(target.getAttribute("data-seek")));
    else if (target.classList.contains("word")) seek(parseFloat(target.getAttribute("data-start")));
  });

  // Space plays and pauses, the arrows seek; a focused button keeps its own keys.
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "button" || tag === "input" || tag === "select" || tag === "textarea" || tag === "audio") return;
    if (event.key === " " || event.code === "Space") { event.preventDefault(); toggle(); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); seek(audio.currentTime - 15); }
    else if (event.key === "ArrowRight") { event.preventDefault(); seek(audio.currentTime + 15); }
  });

  if (position) {
    position.addEventListener("input", function () { dragging = true; seek(parseFloat(position.value)); });
    position.addEventListener("change", function () { dragging = false; seek(parseFloat(position.value)); });
  }

  ["timeupdate", "seeked", "loadedmetadata"].forEach(function (name) { audio.addEventListener(name, mark); });
  ["play", "pause"].forEach(function (name) { audio.addEventListener(name, showState); });
  // Between timeupdate events (four a second), follow the words frame by frame.
  function follow() { if (!audio.paused) { mark(); window.requestAnimationFrame(follow); } }
  audio.addEventListener("play", function () { window.requestAnimationFrame(follow); });
  showState();
  mark();
})();
