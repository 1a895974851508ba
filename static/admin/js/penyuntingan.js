// The "Sedang disunting oleh ..." notice: tells the server while this article form is
// really being worked on, and when it is left, so others see the notice end.
// Optional: without JavaScript the notice simply fades a few minutes after the form
// was opened. The version check on save is what keeps edits safe either way.
//
// - A heartbeat every minute while the page is visible, or while it holds typed text
//   not yet saved (a form forgotten in a background tab stops counting; one with
//   unsaved changes still counts).
// - None once the form is submitted: the save itself ends the notice on the server,
//   and a heartbeat arriving after it would list the person again for five minutes.
// - On leaving (pagehide) a beacon with selesai=1: "this person left". Not when the
//   page goes away because the form was submitted: the save ends the notice, and a
//   refused save, or "Simpan dan lanjutkan", opens the form again, which a goodbye
//   arriving after it would wrongly end.
// - Back to the page from the browser's cache (pageshow persisted) or to the tab:
//   a heartbeat at once.
// - If the server answers a heartbeat with JSON {"editors": ["Sedang disunting ...", ...]}
//   and the page has #penyunting-lain, the notice on this page is brought up to date.
"use strict";
(function () {
  const marker = document.getElementById("penyuntingan");
  if (!marker) return;
  const url = marker.dataset.url;
  const form = document.getElementById("article_form");
  const tokenField = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  const token = () => (tokenField ? tokenField.value : "");
  const MINUTE = 60 * 1000;
  // A submitted form normally leaves the page within seconds; if it is still here
  // after this long (the submission was stopped), the heartbeat resumes.
  const SUBMIT_GRACE = 2 * MINUTE;

  let typed = false;
  let submittedAt = -Infinity;
  const submitting = () => Date.now() - submittedAt < SUBMIT_GRACE;

  const showEditors = (answer) => {
    const notice = document.getElementById("penyunting-lain");
    if (!notice || !answer || !Array.isArray(answer.editors)) return;
    notice.querySelectorAll("[data-penyunting]").forEach((line) => line.remove());
    const first = notice.firstElementChild;
    for (const text of answer.editors) {
      const line = document.createElement("p");
      line.dataset.penyunting = "";
      line.textContent = text;
      notice.insertBefore(line, first);
    }
    notice.hidden = answer.editors.length === 0;
  };

  const beat = () => {
    if (submitting()) return;
    if (document.visibilityState !== "visible" && !typed) return;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token() },
    })
      .then((response) => {
        const type = response.headers.get("Content-Type") || "";
        if (response.ok && type.startsWith("application/json")) {
          return response.json().then(showEditors);
        }
        return undefined;
      })
      .catch(() => {});
  };

  if (form) {
    form.addEventListener("input", () => { typed = true; });
    form.addEventListener("change", () => { typed = true; });
    form.addEventListener("submit", () => { submittedAt = Date.now(); });
  }
  window.setInterval(beat, MINUTE);
  // Soon after opening as well: if the previous page of this form (a reload) said
  // goodbye after the server had already counted this one, this puts the name back.
  window.setTimeout(beat, 5 * 1000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") beat();
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      submittedAt = -Infinity;
      beat();
    }
  });
  window.addEventListener("pagehide", () => {
    if (submitting() || !navigator.sendBeacon) return;
    const goodbye = new FormData();
    goodbye.append("csrfmiddlewaretoken", token());
    goodbye.append("selesai", "1");
    navigator.sendBeacon(url, goodbye);
  });
})();
