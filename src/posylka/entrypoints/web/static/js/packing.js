/*
 * The packing station's page script. One scan field keeps the focus: a keyboard-wedge scanner
 * types the code fast and ends with Enter; each scan is posted in turn (never two at once, so
 * a slip followed at once by an item lands in order) and the station is swapped in place.
 * A counted item flashes green with a short high beep; a refused scan turns the screen red with
 * a long low buzz and the reason. Sounds are made with WebAudio (no sound files). The webcam
 * takes a photo (canvas → JPEG) or records a video (MediaRecorder, WebM) kept with the posting.
 */
(function () {
  "use strict";

  var queue = Promise.resolve();
  var stream = null;
  var recorder = null;
  var lastAssemblyState = "";
  var alarmTimer = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function flashOk(twice) {
    window.posylkaTone(1760, 90, "sine", 0.25);
    if (twice) {
      window.setTimeout(function () {
        window.posylkaTone(2350, 120, "sine", 0.25);
      }, 130);
    }
    document.body.classList.add("pack-flash-ok");
    document.body.setAttribute("data-pack-flash", "ok");
    window.setTimeout(function () {
      document.body.classList.remove("pack-flash-ok");
    }, 300);
  }

  function hideAlarm() {
    var alarm = byId("pack-alarm");
    if (alarm) {
      alarm.hidden = true;
    }
    document.body.removeAttribute("data-pack-alarm");
    if (alarmTimer) {
      window.clearTimeout(alarmTimer);
      alarmTimer = null;
    }
  }

  function alarm(text) {
    window.posylkaTone(140, 700, "sawtooth", 0.4);
    var box = byId("pack-alarm");
    if (!box) {
      return;
    }
    box.querySelector(".pack-alarm-text").textContent = text;
    box.hidden = false;
    document.body.setAttribute("data-pack-alarm", "1");
    document.body.setAttribute("data-pack-flash", "refused");
    if (alarmTimer) {
      window.clearTimeout(alarmTimer);
    }
    alarmTimer = window.setTimeout(hideAlarm, 4000);
  }

  function scanField() {
    return byId("pack-scan");
  }

  function focusScan() {
    var field = scanField();
    if (field && document.activeElement !== field) {
      field.focus();
    }
  }

  function state() {
    var station = byId("pack-station");
    return station ? station.querySelector(".pack-state") : null;
  }

  function followState() {
    var current = state();
    var form = byId("pack-scan-form");
    if (!current || !form) {
      return;
    }
    form.elements.store_id.value = current.getAttribute("data-store") || "";
    form.elements.posting.value = current.getAttribute("data-posting") || "";
    var outcome = current.getAttribute("data-outcome");
    var said = current.querySelector('[data-testid="pack-message"]');
    var blocked = current.querySelector('[data-testid="pack-blocked"]');
    if (outcome === "refused") {
      alarm((said || blocked || {}).textContent || "");
    } else if (outcome === "accepted" || outcome === "opened" || outcome === "weigh") {
      hideAlarm();
      flashOk(false);
    } else if (outcome === "complete") {
      hideAlarm();
      flashOk(true);
    }
    var posting = current.getAttribute("data-posting");
    if (posting) {
      var address = "/pack?store=" + encodeURIComponent(current.getAttribute("data-store")) +
        "&posting=" + encodeURIComponent(posting);
      window.history.replaceState(null, "", address);
    }
    reattachCamera();
    var assembly = byId("pack-assembly");
    lastAssemblyState = assembly ? assembly.getAttribute("data-state") || "" : "";
    var weight = byId("pack-weight");
    if (current.getAttribute("data-need-weight") && weight) {
      weight.focus();
    } else {
      focusScan();
    }
  }

  function swap(html) {
    var station = byId("pack-station");
    station.innerHTML = html;
    if (window.htmx) {
      window.htmx.process(station);
    }
    followState();
  }

  function send(url, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Station": "1", "X-CSRF-Token": csrf() },
    }).then(function (response) {
      return response.text();
    });
  }

  function submitScan(event) {
    event.preventDefault();
    var form = event.target;
    var field = scanField();
    var code = field.value;
    field.value = "";
    if (!code.trim()) {
      return;
    }
    queue = queue.then(function () {
      var data = new FormData(form);
      data.set("code", code);
      return send(form.action, data).then(swap);
    }).catch(function () {
      alarm(code);
    });
  }

  function submitStationForm(event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-station-form")) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    queue = queue.then(function () {
      return send(form.action, data).then(swap);
    });
  }

  // --- the webcam ------------------------------------------------------------------------------

  function cameraNote(show) {
    var note = byId("pack-camera-note");
    if (note) {
      note.textContent = show ? note.getAttribute("data-no-camera") : "";
    }
  }

  function camera() {
    if (stream) {
      return Promise.resolve(stream);
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return Promise.reject(new Error("no camera"));
    }
    return navigator.mediaDevices.getUserMedia({ video: true, audio: false }).then(function (s) {
      stream = s;
      reattachCamera();
      return s;
    });
  }

  function reattachCamera() {
    var preview = byId("pack-preview");
    if (preview && stream) {
      preview.srcObject = stream;
      preview.hidden = false;
      preview.play().catch(function () {});
    }
    var button = byId("pack-record");
    if (button) {
      var recording = recorder && recorder.state === "recording";
      button.textContent = button.getAttribute(recording ? "data-stop" : "data-start");
      button.classList.toggle("pack-recording", !!recording);
    }
  }

  function where() {
    var current = state();
    return current
      ? { store: current.getAttribute("data-store"), posting: current.getAttribute("data-posting") }
      : null;
  }

  function upload(blob, name, target) {
    var data = new FormData();
    data.set("csrf_token", csrf());
    data.set("store_id", target.store);
    data.set("posting", target.posting);
    data.set("file", blob, name);
    return send("/pack/evidence", data).then(function (html) {
      var current = where();
      var list = byId("pack-evidence");
      if (list && current && current.posting === target.posting) {
        list.innerHTML = html;
      }
    });
  }

  function takePhoto() {
    var target = where();
    if (!target || !target.posting) {
      return;
    }
    camera().then(function () {
      var preview = byId("pack-preview");
      var canvas = document.createElement("canvas");
      canvas.width = preview.videoWidth || 1280;
      canvas.height = preview.videoHeight || 720;
      canvas.getContext("2d").drawImage(preview, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        if (blob) {
          upload(blob, "photo.jpg", target);
        }
      }, "image/jpeg", 0.85);
      focusScan();
    }).catch(function () {
      cameraNote(true);
    });
  }

  function toggleRecording() {
    if (recorder && recorder.state === "recording") {
      recorder.stop();
      focusScan();
      return;
    }
    var target = where();
    if (!target || !target.posting || !window.MediaRecorder) {
      cameraNote(true);
      return;
    }
    camera().then(function (s) {
      var chunks = [];
      var type = MediaRecorder.isTypeSupported("video/webm") ? "video/webm" : "";
      recorder = type ? new MediaRecorder(s, { mimeType: type }) : new MediaRecorder(s);
      recorder.ondataavailable = function (event) {
        if (event.data && event.data.size) {
          chunks.push(event.data);
        }
      };
      recorder.onstop = function () {
        var blob = new Blob(chunks, { type: "video/webm" });
        upload(blob, "video.webm", target);
        reattachCamera();
      };
      recorder.start(1000);
      reattachCamera();
      focusScan();
    }).catch(function () {
      cameraNote(true);
    });
  }

  // --- keys and focus --------------------------------------------------------------------------

  function onKey(event) {
    if (event.key === "Escape") {
      var alarmBox = byId("pack-alarm");
      var field = scanField();
      if (alarmBox && !alarmBox.hidden) {
        hideAlarm();
      } else if (document.activeElement === field && field.value) {
        field.value = "";
      } else if (document.activeElement !== field) {
        // Esc from the weight or box field comes back to the scan field.
      } else if (state() && state().getAttribute("data-posting")) {
        window.location.href = "/pack";
        return;
      }
      focusScan();
      event.preventDefault();
      return;
    }
    var active = document.activeElement;
    var typing = active && /^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(active.tagName);
    if (!typing && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // A scanner fires while nothing has the focus: its keys go to the scan field.
      focusScan();
    }
  }

  function onClick(event) {
    var target = event.target;
    if (target.id === "pack-photo") {
      takePhoto();
    } else if (target.id === "pack-record") {
      toggleRecording();
    }
  }

  function start() {
    var form = byId("pack-scan-form");
    if (!form) {
      return;
    }
    form.addEventListener("submit", submitScan);
    document.addEventListener("submit", submitStationForm);
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    var alarmBox = byId("pack-alarm");
    if (alarmBox) {
      alarmBox.addEventListener("click", function () {
        hideAlarm();
        focusScan();
      });
    }
    document.body.addEventListener("htmx:afterSwap", function () {
      var assembly = byId("pack-assembly");
      var now = assembly ? assembly.getAttribute("data-state") || "" : "";
      if (now !== lastAssemblyState) {
        if (now === "failed") {
          var text = assembly.querySelector('[data-testid="pack-assembly-text"]');
          alarm(text ? text.textContent : "");
        } else if (now === "assembled") {
          flashOk(true);
        }
        lastAssemblyState = now;
      }
    });
    followState();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
