/* A tiny poller for background jobs: a [data-progress-url] box gets its <progress>, [data-progress-status] and
   [data-progress-text] updated from the JSON status every second; when the job stops running the page reloads
   to show the result. Without JavaScript the page says to reload it. */
(function () {
  "use strict";

  function poll(box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var status = box.querySelector("[data-progress-status]");
    var text = box.querySelector("[data-progress-text]");
    var delay = parseInt(box.getAttribute("data-progress-interval") || "1000", 10);

    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (bar) {
            bar.max = Math.max(data.total, 1);
            bar.value = Math.min(data.processed, bar.max);
          }
          if (status) {
            status.textContent = data.status_display;
          }
          if (text) {
            text.textContent = data.progress_text;
          }
          if (data.running) {
            window.setTimeout(tick, delay);
          } else {
            window.location.reload();
          }
        })
        .catch(function () {
          // A dropped connection or a server restart: try again, less often.
          window.setTimeout(tick, delay * 3);
        });
    }

    window.setTimeout(tick, delay);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(poll);
  });
})();
