// Live countdown for [data-countdown="ISO time"]: "Starts in 1:02:03" until then, "Started"
// after. The server-rendered text stays for readers without JavaScript, and stays as it is
// when the time has already passed at load (it may say more, e.g. that the host paused).
// The page's language: the element carries the texts (data-starts-in with "#" where the
// time goes, data-started, data-day, data-days); English when they are missing.
(function () {
  "use strict";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function left(ms, day, days) {
    var s = Math.ceil(ms / 1000);
    var d = Math.floor(s / 86400);
    var h = Math.floor(s / 3600) % 24;
    var m = Math.floor(s / 60) % 60;
    var clock = (d > 0 ? pad(h) : String(h)) + ":" + pad(m) + ":" + pad(s % 60);
    if (d === 0 && h === 0) clock = m + ":" + pad(s % 60);
    return d > 0 ? d + " " + (d === 1 ? day : days) + " " + clock : clock;
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-countdown]"), function (el) {
    var at = Date.parse(el.getAttribute("data-countdown"));
    if (isNaN(at) || at <= Date.now()) return;
    var startsIn = el.dataset.startsIn || "Starts in #";
    var started = el.dataset.started || "Started";
    var day = el.dataset.day || "day";
    var days = el.dataset.days || "days";

    var time = el.querySelector("time");
    var label = document.createElement("span");
    label.className = "countdown-label";
    label.setAttribute("aria-live", "off");
    el.textContent = "";
    el.appendChild(label);
    if (time) {
      el.appendChild(document.createTextNode(" · "));
      el.appendChild(time);
    }

    function update() {
      var ms = at - Date.now();
      if (ms <= 0) {
        label.textContent = started;
        el.classList.add("started");
        return;
      }
      var remaining = left(ms, day, days);
      label.textContent = startsIn.replace("#", function () { return remaining; });
      // Wake up at the next whole second of the countdown.
      setTimeout(update, (ms % 1000) || 1000);
    }
    update();
  });
})();
