/*
 * posylka's page script: sends the CSRF token with every htmx request and keeps the ship-by
 * countdowns current. Deadlines come from data-ship-by (ISO 8601, UTC); the wording comes from
 * the page's #countdown-words block, already translated, with {time} and {n} placeholders.
 */
(function () {
  "use strict";

  var DUE_SOON_SECONDS = 2 * 60 * 60; // the queue highlights postings due within two hours

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
    }
    // Filters left at "all" send nothing, so the pushed address stays short and shareable.
    if (event.detail.verb === "get") {
      var parameters = event.detail.parameters;
      Object.keys(parameters).forEach(function (name) {
        if (parameters[name] === "") {
          delete parameters[name];
        }
      });
    }
  });

  function readWords() {
    var block = document.getElementById("countdown-words");
    try {
      return block ? JSON.parse(block.textContent) : null;
    } catch (error) {
      return null;
    }
  }

  function unit(words, key, n) {
    return words[key].replace("{n}", String(n));
  }

  // The two largest units: days and hours, hours and minutes, minutes, or seconds.
  function span(words, seconds) {
    seconds = Math.abs(seconds);
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    if (days) {
      return unit(words, "d", days) + " " + unit(words, "h", hours);
    }
    if (hours) {
      return unit(words, "h", hours) + " " + unit(words, "min", minutes);
    }
    if (minutes) {
      return unit(words, "min", minutes);
    }
    return unit(words, "s", seconds % 60);
  }

  function describe(words, seconds) {
    var template = seconds <= 0 ? words.overdue : words.remaining;
    return template.replace("{time}", span(words, seconds));
  }

  function urgencyOf(seconds) {
    if (seconds <= 0) {
      return "overdue";
    }
    return seconds <= DUE_SOON_SECONDS ? "due_soon" : "on_time";
  }

  function tick(words) {
    var now = Date.now();
    var counters = document.querySelectorAll("[data-ship-by]");
    for (var i = 0; i < counters.length; i++) {
      var counter = counters[i];
      var deadline = Date.parse(counter.getAttribute("data-ship-by"));
      if (isNaN(deadline)) {
        continue;
      }
      var seconds = Math.floor((deadline - now) / 1000);
      var text = describe(words, seconds);
      if (counter.textContent !== text) {
        counter.textContent = text;
      }
      var holder = counter.closest("[data-urgency]");
      if (!holder) {
        continue;
      }
      var urgency = urgencyOf(seconds);
      if (holder.getAttribute("data-urgency") !== urgency) {
        holder.setAttribute("data-urgency", urgency);
      }
      var badge = counter.parentNode.querySelector(".urgency-badge");
      if (badge) {
        var label = urgency === "on_time" ? "" : words["urgency_" + urgency] || "";
        badge.textContent = label;
        badge.hidden = !label;
      }
    }
  }

  function start() {
    var words = readWords();
    if (!words) {
      return;
    }
    tick(words);
    window.setInterval(function () {
      tick(words);
    }, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
