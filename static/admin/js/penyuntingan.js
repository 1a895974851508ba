// Keeps the "Sedang disunting oleh ..." notice alive while this article form stays open.
// Optional: without JavaScript the notice simply fades a few minutes after the form
// was opened. The version check on save is what keeps edits safe either way.
"use strict";
(function () {
  const marker = document.getElementById("penyuntingan");
  if (!marker) return;
  const token = document.querySelector("#article_form input[name=csrfmiddlewaretoken]");
  const beat = () => {
    fetch(marker.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    }).catch(() => {});
  };
  window.setInterval(beat, 60 * 1000);
})();
