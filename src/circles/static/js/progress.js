// Polls a background job (forming circles, a people import) while the worker runs it, shows
// its progress, and reloads the page when it is done. The box names its status address.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[role=status]");
  // The share as the page's language writes it (40%, 40 %).
  function percent(share) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined,
        {style: "percent", maximumFractionDigits: 0}).format(share);
    } catch (error) {
      return Math.round(share * 100) + "%";
    }
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.progress;
        // Translators: a background job's progress: "Forming circles: 40%".
        label.textContent = interpolate(gettext("%(job)s: %(percent)s"),
          {job: data.label, percent: percent(data.progress)}, true);
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
