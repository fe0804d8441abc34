/* The public side of voting. On the ballot: the one-time code comes from the link's fragment (#CODE, never the
   query string, which servers log), a live count of the "agree" marks per pool, a warning and a confirm step when a
   pool has more than its quota (the ballot is still accepted, and counted invalid), and the button disabled after
   the first click. On the room screen: the turnout polled from the status JSON; the page reloads when the status
   changes (the results are rendered by the server, only once counted). Without JavaScript everything still works:
   the code is typed, the server warns, the screen is reloaded by hand. */
(function () {
  "use strict";

  function fill(template, n) {
    return template.replace("{n}", String(n));
  }

  function codeFromFragment(input) {
    var fragment = decodeURIComponent((window.location.hash || "").replace(/^#/, ""));
    var code = fragment.toUpperCase().replace(/[^A-Z0-9]/g, "");
    if (code && !input.value) {
      input.value = code;
    }
    if (fragment && window.history && window.history.replaceState) {
      // Keep the code out of the history and of a bookmark of this page.
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  function ballot(form) {
    var pools = Array.prototype.slice.call(form.querySelectorAll("[data-pool]"));
    var warning = form.querySelector("[data-over-quota]");
    var warningText = form.querySelector("[data-over-quota-text]");
    var confirmBox = form.querySelector("[data-confirm]");
    var submit = form.querySelector("[data-submit]");
    var confirmed = false;

    function overQuota() {
      var over = [];
      pools.forEach(function (pool) {
        var quota = parseInt(pool.getAttribute("data-quota"), 10);
        var agreed = pool.querySelectorAll("[data-agree]:checked").length;
        var counter = pool.querySelector("[data-counter]");
        var isOver = agreed > quota;
        if (counter) {
          counter.textContent = fill(counter.getAttribute(isOver ? "data-over-template" : "data-template"), agreed);
          counter.classList.toggle("is-over", isOver);
        }
        pool.classList.toggle("is-over", isOver);
        if (isOver) {
          over.push(pool.getAttribute("data-pool-name"));
        }
      });
      return over;
    }

    function refresh() {
      var over = overQuota();
      if (warning) {
        warning.hidden = over.length === 0;
      }
      if (warningText) {
        warningText.textContent = over.map(function (name) { return "«" + name + "»"; }).join(", ");
      }
      if (!over.length && confirmBox) {
        confirmBox.hidden = true;
        confirmed = false;
      }
      return over;
    }

    form.addEventListener("change", refresh);
    refresh();

    form.addEventListener("submit", function (event) {
      if (submit.disabled) {
        // A second click or Enter while the first submission travels: one ballot only.
        event.preventDefault();
        return;
      }
      if (refresh().length && !confirmed && confirmBox) {
        event.preventDefault();
        confirmBox.hidden = false;
        confirmBox.focus();
        return;
      }
      submit.disabled = true;
      submit.textContent = submit.getAttribute("data-busy-label") || submit.textContent;
    });

    if (confirmBox) {
      confirmBox.querySelector("[data-confirm-yes]").addEventListener("click", function () {
        confirmed = true;
        confirmBox.hidden = true;
        if (form.requestSubmit) {
          form.requestSubmit(submit);
        } else {
          submit.click();
        }
      });
      confirmBox.querySelector("[data-confirm-no]").addEventListener("click", function () {
        confirmBox.hidden = true;
        var first = form.querySelector(".is-over [data-agree]:checked");
        if (first) {
          first.focus();
        }
      });
    }

    var errors = document.getElementById("ballot-errors");
    if (errors) {
      errors.focus();
    }
  }

  function screen(box) {
    var url = box.getAttribute("data-status-url");
    var status = box.getAttribute("data-status");
    var delay = parseInt(box.getAttribute("data-interval") || "2000", 10);
    var progress = box.querySelector("[data-progress]");
    var label = box.querySelector("[data-status-label]");

    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (data.status !== status) {
            window.location.reload();
            return;
          }
          ["entitled", "present", "voted", "share"].forEach(function (name) {
            var field = box.querySelector('[data-field="' + name + '"]');
            if (field) {
              field.textContent = String(data[name]);
            }
          });
          if (label) {
            label.textContent = data.status_label;
          }
          if (progress) {
            progress.max = Math.max(data.present, 1);
            progress.value = data.voted;
          }
          window.setTimeout(tick, delay);
        })
        .catch(function () {
          // A dropped connection or a server restart: try again, less often.
          window.setTimeout(tick, delay * 3);
        });
    }

    window.setTimeout(tick, delay);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-code]").forEach(codeFromFragment);
    document.querySelectorAll("form[data-ballot]").forEach(ballot);
    document.querySelectorAll("[data-screen]").forEach(screen);
  });

  // Back to a ballot page kept in the browser's cache: the button is usable again (the server answers 409).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-ballot] [data-submit]").forEach(function (button) {
        button.disabled = false;
      });
    }
  });
})();
