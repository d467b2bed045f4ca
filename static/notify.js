// Keeps the header's "Notifications (N)" link current without a reload: the server sends
// the unread count on /notifications/stream (Server-Sent Events) when it connects and
// whenever it changes. EventSource reconnects by itself after a dropped connection.
(function () {
  "use strict";
  var link = document.getElementById("notify-count");
  if (!link || typeof EventSource === "undefined") return;
  // The page's language: the server renders both texts with "#" where the count goes.
  var text = link.getAttribute("data-text") || "Notifications (#)";
  var label = link.getAttribute("data-label") || "Notifications, # unread";
  // The server counts up to the cap; the header shows "99+" from there, as on the page.
  var cap = parseInt(link.getAttribute("data-cap"), 10) || 100;
  function show(n) {
    var shown = n >= cap ? String(cap - 1) + "+" : String(n);
    link.textContent = text.replace("#", shown);
    link.setAttribute("aria-label", label.replace("#", shown));
    link.setAttribute("data-unread", String(n));
    link.classList.toggle("has-unread", n > 0);
  }
  var source = new EventSource("/notifications/stream");
  source.addEventListener("count", function (e) {
    var n = parseInt(e.data, 10);
    if (!isNaN(n) && n >= 0) show(n);
  });
  // A refused stream (signed out, too many tabs) is not retried forever.
  source.onerror = function () {
    if (source.readyState === EventSource.CLOSED) return;
  };
  window.addEventListener("pagehide", function () { source.close(); });
})();
