// Forms everywhere: a second click never sends a form twice, and after a refused form the
// page shows its error summary where the eye is. Without this file the server still keeps each
// submission once (the _once token) and shows the same errors.
(function () {
  "use strict";

  function newToken() {
    if (window.crypto && window.crypto.getRandomValues) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
    }
    return String(Date.now()) + String(Math.random()).slice(2);
  }

  // A form that posts in place (the runner) gets a new token after each save, so the next
  // question or note is a new submission, not a repeat of the last one.
  function renew(form) {
    form.querySelectorAll("input[data-once]").forEach(function (field) { field.value = newToken(); });
  }
  window.circlesForms = {renew: renew};

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.hasAttribute("data-live")) { return; }
    if (form.dataset.sending === "yes") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "yes";
  }, true);

  // Coming back with the browser's back button shows the page as it was: sendable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
    });
  });

  function focusFirstError() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.scrollIntoView({block: "center"});
    summary.focus({preventScroll: true});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstError);
  } else {
    focusFirstError();
  }
})();
