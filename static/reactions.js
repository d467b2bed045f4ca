// Reactions without a page reload: the forms work on their own; this only sends them with
// fetch and updates the counts in place. Anything but a JSON answer (signed out, refused)
// falls back to the ordinary form post, so the server's page explains it.
(function () {
  "use strict";
  function update(form, data) {
    data.reactions.forEach(function (r) {
      var b = form.querySelector('button[data-key="' + r.key + '"]');
      if (!b) return;
      b.setAttribute("aria-pressed", r.mine ? "true" : "false");
      b.setAttribute("aria-label", b.dataset.name + " (" + r.count + ")");
      var c = b.querySelector(".count");
      if (c) c.textContent = String(r.count);
    });
  }
  function fallback(form, key) {
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "reaction";
    hidden.value = key;
    form.appendChild(hidden);
    form.submit();
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-reactions")) return;
    var button = ev.submitter;
    if (!button || !button.value) return;
    ev.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    body.set("reaction", button.value);
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (res) {
        var json = (res.headers.get("content-type") || "").indexOf("application/json") >= 0;
        if (!res.ok || !json) throw new Error("not json");
        return res.json();
      })
      .then(function (data) {
        button.disabled = false;
        update(form, data);
      })
      .catch(function () {
        button.disabled = false;
        fallback(form, button.value);
      });
  });
})();
