/* Pallet checklist: a keyboard-wedge scanner types the label's barcode and Enter. The scan is
   posted without leaving the page; the checklist comes back, a counted parcel flashes green with
   a short high beep, a refused one flashes the screen red with a long low buzz and says why.
   Focus always returns to the scan input. Without JavaScript the form posts as a plain form. */
(function () {
  "use strict";
  function flash(accepted) {
    var body = document.body;
    body.classList.remove("scan-flash-ok", "scan-flash-refused");
    void body.offsetWidth;
    body.classList.add(accepted ? "scan-flash-ok" : "scan-flash-refused");
    if (accepted) {
      window.posylkaTone(1200, 120, "sine", 0.15);
    } else {
      window.posylkaTone(140, 700, "square", 0.15);
    }
  }

  function start() {
    var form = document.getElementById("scan-form");
    var input = document.getElementById("scan-input");
    if (!form || !input) { return; }
    var busy = false;
    input.focus();
    document.addEventListener("click", function (event) {
      if (event.target.closest && !event.target.closest("a, button, input, label")) { input.focus(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) { return; }
      var code = input.value.trim();
      if (!code) { input.focus(); return; }
      busy = true;
      var data = new FormData(form);
      input.value = "";
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "HX-Request": "true" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (html) {
        var old = document.getElementById("checklist");
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#checklist");
        if (old && fresh) {
          old.replaceWith(fresh);
          flash(fresh.getAttribute("data-accepted") === "yes");
        }
      }).catch(function () {
        input.value = code;
        flash(false);
      }).finally(function () {
        busy = false;
        input.focus();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
