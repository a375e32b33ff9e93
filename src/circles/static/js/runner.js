// Meeting runner: live countdown and question storm. The page works without this file (every
// form posts and reloads); with it, forms post in place and a short poll keeps screens in step.
(function () {
  "use strict";
  var root = document.getElementById("runner");
  if (!root || !window.fetch) { return; }

  var liveUrl = root.dataset.liveUrl;
  var version = parseInt(root.dataset.version, 10) || 0;
  var cursorQ = parseInt(root.dataset.cursorQ, 10) || 0;
  var cursorN = parseInt(root.dataset.cursorN, 10) || 0;
  var pollMs = (parseInt(root.dataset.pollSeconds, 10) || 3) * 1000;
  var startedAt = root.dataset.startedAt ? Date.parse(root.dataset.startedAt) : null;
  var timebox = parseInt(root.dataset.timebox, 10) || 0;
  // Server time minus this device's time, so a wrong phone clock does not skew the countdown.
  var skew = root.dataset.serverNow ? Date.parse(root.dataset.serverNow) - Date.now() : 0;
  var finished = root.dataset.finished === "yes";
  var etag = null;
  var lastAnnounced = "";

  function $(id) { return document.getElementById(id); }
  function csrf(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function format(seconds) {
    var s = Math.abs(seconds);
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  // Read out by screen readers as the end of a step's timebox nears.
  function lessThanAMinute() {
    // Translators: read out by screen readers in a step's last minute.
    return gettext("Less than a minute left");
  }
  function lessThanMinutes(minutes) {
    return interpolate(
      // Translators: read out by screen readers as a step's time runs out (2 minutes or more).
      ngettext("Less than %(n)s minute left", "Less than %(n)s minutes left", minutes),
      {n: minutes}, true);
  }

  function tick() {
    var clock = $("countdown");
    if (!clock || startedAt === null || finished) { return; }
    var now = Date.now() + skew;
    var left = Math.round((startedAt + timebox * 1000 - now) / 1000);
    var status = "";
    clock.classList.remove("countdown-warn", "countdown-over");
    if (left >= 0) {
      // Translators: the countdown of a step, minutes and seconds: "4:05 left".
      clock.textContent = interpolate(gettext("%(time)s left"), {time: format(left)}, true);
      if (left <= Math.max(60, timebox * 0.2)) {
        clock.classList.add("countdown-warn");
        status = left <= 60 ? lessThanAMinute() : lessThanMinutes(Math.ceil(left / 60));
      }
    } else {
      // Translators: the time a step has run over its timebox, minutes and seconds: "1:20 over".
      clock.textContent = interpolate(gettext("%(time)s over"), {time: format(left)}, true);
      clock.classList.add("countdown-over");
      // Translators: read out by screen readers when a step's time has run out.
      status = gettext("Time is up for this step");
    }
    if (status !== lastAnnounced) {
      $("countdown-status").textContent = status;
      lastAnnounced = status;
    }
  }

  function text(id, value) {
    var el = $(id);
    if (el) { el.textContent = value; }
  }

  // Names are isolated (<bdi>) so each keeps its own direction in a right-to-left page.
  function names(id, list, empty) {
    var el = $(id);
    if (!el) { return; }
    el.textContent = list.length ? "" : empty;
    list.forEach(function (name, index) {
      if (index > 0) { el.appendChild(document.createTextNode(", ")); }
      var isolated = document.createElement("bdi");
      isolated.textContent = name;
      el.appendChild(isolated);
    });
  }

  function stepProgress(state) {
    var progress = interpolate(gettext("Step %(number)s of %(total)s"),
      {number: state.number, total: state.total}, true);
    if (state.lead) {
      // Translators: the role that leads the step, in lower case: "led by facilitator".
      progress += " · " + interpolate(gettext("led by %(lead)s"), {lead: state.lead}, true);
    }
    return progress;
  }

  // The step buttons stay disabled at the ends of the agenda, whatever was just pressed.
  var atFirst = false;
  var atLast = false;
  function stillDisabled(button) {
    if (button.id === "step-next") { return atLast; }
    if (button.id === "step-previous") { return atFirst; }
    return false;
  }

  function applyState(state) {
    if (!state) { return; }
    if (state.started && !$("step-title")) {
      // Someone else started the meeting: the page needs its panels.
      window.location.reload();
      return;
    }
    if (!state.started) { return; }
    if (finished && !state.finished) {
      // Reopened on another screen: the page needs its controls back.
      window.location.reload();
      return;
    }
    version = state.version;
    root.dataset.version = String(version);
    document.querySelectorAll("[data-version-field]").forEach(function (f) { f.value = version; });
    text("step-title", state.title);
    text("step-progress", stepProgress(state));
    text("step-prompt", state.prompt);
    var person = $("step-person");
    if (person) { person.textContent = state.person; person.hidden = !state.person; }
    var silent = $("step-silent");
    if (silent) { silent.hidden = !state.silent; }
    atLast = !!state.last;
    atFirst = !!state.first;
    var next = $("step-next");
    if (next) { next.disabled = atLast; }
    var previous = $("step-previous");
    if (previous) { previous.disabled = atFirst; }
    var hint = $("last-step-hint");
    if (hint) { hint.hidden = !state.last || !!state.finished; }
    names("quiet-list", state.quiet, gettext("everyone has spoken"));
    startedAt = Date.parse(state.started_at);
    timebox = state.timebox;
    if (state.finished && !finished) {
      finished = true;
      text("countdown", pgettext("meeting countdown", "Finished"));
      document.querySelectorAll(".runner-nav, .runner-finish, #question-form").forEach(function (el) { el.hidden = true; });
    }
    tick();
  }

  function addQuestions(items) {
    var list = $("question-list");
    if (!list) { return; }
    items.forEach(function (q) {
      if (q.id <= cursorQ && list.querySelector("[data-id='" + q.id + "']")) { return; }
      var li = document.createElement("li");
      li.dataset.id = q.id;
      var said = document.createElement("span");
      said.className = "user-text";
      said.innerHTML = q.html;  // escaped by the server; only its own links remain
      li.appendChild(said);
      li.appendChild(document.createTextNode(" "));
      var by = document.createElement("span");
      by.className = "muted";
      by.appendChild(document.createTextNode("· "));
      var asker = document.createElement("bdi");
      asker.textContent = q.by || gettext("a former member");
      by.appendChild(asker);
      li.appendChild(by);
      list.appendChild(li);
      cursorQ = Math.max(cursorQ, q.id);
    });
    var empty = $("no-questions");
    if (empty) { empty.hidden = list.children.length > 0; }
  }

  function addNotes(items) {
    var list = $("note-list");
    if (!list) { return; }
    items.forEach(function (n) {
      if (list.querySelector("[data-id='" + n.id + "']")) { return; }
      var article = document.createElement("article");
      article.className = "note";
      article.dataset.id = n.id;
      var body = document.createElement("p");
      var text = document.createElement("span");
      text.className = "user-text";
      text.innerHTML = n.html;  // escaped by the server; only its own links remain
      body.appendChild(text);
      var meta = document.createElement("p");
      meta.className = "muted";
      var author = document.createElement("bdi");
      author.textContent = n.by;
      meta.appendChild(author);
      meta.appendChild(document.createTextNode(" · " + n.at));
      article.appendChild(body);
      article.appendChild(meta);
      list.appendChild(article);
      cursorN = Math.max(cursorN, n.id);
    });
  }

  function apply(payload) {
    if (payload.server_now) { skew = Date.parse(payload.server_now) - Date.now(); }
    addQuestions(payload.questions || []);
    addNotes(payload.notes || []);
    applyState(payload.state);
  }

  function showError(message) {
    var box = $("live-error");
    if (!box) { window.alert(message); return; }
    box.textContent = message;
    box.hidden = !message;
  }

  function poll() {
    var headers = {"Accept": "application/json"};
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(liveUrl + "?q=" + cursorQ + "&n=" + cursorN, {headers: headers, cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error("status " + response.status); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (payload) { if (payload) { apply(payload); } })
      .catch(function () { /* offline for a moment: the next poll catches up */ })
      .then(function () { window.setTimeout(poll, document.hidden ? pollMs * 3 : pollMs); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-live")) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    var url = form.action + "?q=" + cursorQ + "&n=" + cursorN;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      headers: {"Accept": "application/json", "X-CSRFToken": csrf(form)},
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (result) {
        if (result.data && result.data.duplicate) {
          // Sent twice (a double click): the first one was kept.
          if (window.circlesForms) { window.circlesForms.renew(form); }
          return;
        }
        if (!result.ok) {
          // The text stays in the form so nothing typed is lost.
          showError(result.data.error || gettext("That did not work. Please try again."));
          if (result.data.state) { apply(result.data); }
          return;
        }
        showError("");
        if (window.circlesForms) { window.circlesForms.renew(form); }
        apply(result.data);
        if (form.hasAttribute("data-clear")) {
          form.querySelectorAll("textarea").forEach(function (area) { area.value = ""; });
        }
      })
      .catch(function () { form.submit(); })
      .then(function () { if (button) { button.disabled = stillDisabled(button); } });
  });

  window.setInterval(tick, 1000);
  tick();
  window.setTimeout(poll, pollMs);
})();
