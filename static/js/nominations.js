/* Nomination dossiers: the create page asks the server, as the candidate, title or year change, whether the
   candidate is eligible, and shows every reason; the "save and send" button is usable only when eligible.
   The server checks again when the dossier is sent; without this file the page still works. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-eligibility-url]");
    if (!form) {
      return;
    }
    var box = document.getElementById("eligibility");
    var submit = form.querySelector("[data-requires-eligible]");
    var fields = ["candidate", "title", "year"];
    var controller = null;

    function apply(state) {
      if (submit) {
        // Unknown (nothing chosen yet) or ineligible: not sendable. A failed check leaves it to the server.
        submit.disabled = state !== "true" && state !== "error";
      }
    }

    function current() {
      var result = box.querySelector("[data-eligible]");
      return result ? result.getAttribute("data-eligible") : "unknown";
    }

    function refresh() {
      var params = new URLSearchParams();
      fields.forEach(function (name) {
        var field = form.elements[name];
        params.set(name, field ? field.value : "");
      });
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      box.setAttribute("aria-busy", "true");
      if (submit) {
        submit.disabled = true;
      }
      fetch(form.getAttribute("data-eligibility-url") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          box.innerHTML = html;
          apply(current());
          box.removeAttribute("aria-busy");
        })
        .catch(function (error) {
          if (error.name === "AbortError") {
            return;
          }
          var p = document.createElement("p");
          p.className = "muted";
          p.textContent = form.getAttribute("data-error-text");
          box.replaceChildren(p);
          apply("error");
          box.removeAttribute("aria-busy");
        });
    }

    fields.forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        field.addEventListener("change", refresh);
      }
    });
    apply(current());
  });
})();
