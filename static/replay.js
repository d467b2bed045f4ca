// Chat replay for section#replay (templates/replay.html): plays the stored messages of a
// watch party (or an episode room) against a clock the viewer controls. Messages are
// fetched page by page from data-src (JSON, ordered by offset_ms) and shown once the clock
// reaches their offset. User text only ever reaches the page as text nodes.
(function () {
  "use strict";

  var root = document.querySelector("section#replay[data-src]");
  if (!root || !window.fetch) return;

  var src = root.getAttribute("data-src");
  var controls = root.querySelector("[data-controls]");
  var playBtn = root.querySelector("[data-play]");
  var seek = root.querySelector("[data-seek]");
  var clock = root.querySelector("[data-clock]");
  var list = root.querySelector("[data-messages]");
  if (!controls || !playBtn || !seek || !list) return;

  // The page's language: the section carries the texts (data-t-*, "#" where a value goes);
  // English when they are missing.
  function t(name, fallback) {
    return root.dataset[name] || fallback;
  }

  function fill(text, value) {
    return text.replace("#", function () { return String(value); });
  }

  var TICK_MS = 250;
  var RETRY_MS = 3000;
  var PAGE_MAX = 500; // the most messages the server returns per request
  var STICK_PX = 48;

  // ---------------------------------------------------------------- helpers

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // m:ss, or h:mm:ss from an hour on (as the server prints offsets).
  function formatOffset(ms) {
    var s = Math.floor(Math.max(0, ms) / 1000);
    if (s >= 3600) return Math.floor(s / 3600) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
    return Math.floor(s / 60) + ":" + pad(s % 60);
  }

  var URL_RE = /\bhttps?:\/\/[^\s<>"]+/gi;

  function trimUrl(u) {
    for (;;) {
      var c = u.charAt(u.length - 1);
      if (".,;:!?'*".indexOf(c) >= 0) {
        u = u.slice(0, -1);
      } else if (c === ")" && u.split("(").length < u.split(")").length) {
        u = u.slice(0, -1);
      } else if (c === "]" && u.split("[").length < u.split("]").length) {
        u = u.slice(0, -1);
      } else {
        return u;
      }
    }
  }

  function isWebUrl(u) {
    try {
      var p = new URL(u);
      return (p.protocol === "http:" || p.protocol === "https:") && p.hostname !== "";
    } catch (e) {
      return false;
    }
  }

  function appendLinkified(parent, text) {
    var last = 0;
    var m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text)) !== null) {
      var url = trimUrl(m[0]);
      if (!isWebUrl(url)) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = document.createElement("a");
      a.href = url;
      a.rel = "nofollow ugc noopener";
      a.target = "_blank";
      a.textContent = url;
      parent.appendChild(a);
      last = m.index + url.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function messageItem(m) {
    var li = document.createElement("li");
    li.className = "chat-msg";
    li.setAttribute("data-id", String(m.id));
    li.setAttribute("data-offset-ms", String(m.offset_ms));
    var off = document.createElement("span");
    off.className = "offset";
    off.textContent = formatOffset(m.offset_ms);
    var who = document.createElement("strong");
    who.className = "user";
    who.textContent = String(m.user);
    var body = document.createElement("span");
    body.className = "text";
    appendLinkified(body, String(m.text));
    li.appendChild(off);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(who);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(body);
    return li;
  }

  // ---------------------------------------------------------------- data

  var messages = []; // fetched so far, ordered by (offset_ms, id)
  var seen = new Set();
  var nextFrom = 0; // offset (ms) the next page starts from
  var exhausted = false;
  var loading = null; // the page request in flight
  var retryAt = 0;

  var status = document.createElement("p");
  status.className = "muted replay-status";
  status.setAttribute("role", "status");
  status.hidden = true;
  list.parentNode.insertBefore(status, list);

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("alert", !!isError);
    status.hidden = !text;
  }

  function pageUrl(from) {
    return src + (src.indexOf("?") >= 0 ? "&" : "?") + "from=" + from;
  }

  // Fetches the next page. Pages overlap on the last offset (the server returns offsets ≥
  // from), so ids already seen are skipped.
  function loadMore() {
    if (loading || exhausted) return loading || Promise.resolve();
    if (Date.now() < retryAt) return Promise.resolve();
    var from = nextFrom;
    loading = fetch(pageUrl(from), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (page) {
        if (!Array.isArray(page)) throw new Error(t("tUnexpected", "unexpected reply"));
        var fresh = 0;
        page.forEach(function (m) {
          if (m && typeof m.id === "number" && typeof m.offset_ms === "number" && !seen.has(m.id)) {
            seen.add(m.id);
            messages.push(m);
            fresh++;
          }
        });
        messages.sort(function (a, b) { return a.offset_ms - b.offset_ms || a.id - b.id; });
        if (page.length === 0 || (fresh === 0 && page.length < PAGE_MAX)) {
          exhausted = true;
        } else {
          var lastOffset = page[page.length - 1].offset_ms;
          // A full page of one offset cannot move the cursor: step past that offset.
          nextFrom = fresh === 0 || lastOffset < from ? Math.max(from, lastOffset) + 1 : lastOffset;
        }
        var maxS = Number(seek.max) || 0;
        var lastS = messages.length ? Math.ceil(messages[messages.length - 1].offset_ms / 1000) : 0;
        if (lastS > maxS) seek.max = String(lastS);
        setStatus(exhausted && messages.length === 0 ? t("tNone", "No messages to replay.") : "", false);
      })
      .catch(function (e) {
        retryAt = Date.now() + RETRY_MS;
        setStatus(fill(t("tLoadFailed", "Could not load the chat (#). Retrying…"), e.message), true);
        setTimeout(render, RETRY_MS + 50);
      })
      .then(function () {
        loading = null;
      });
    return loading;
  }

  // ---------------------------------------------------------------- the clock

  var position = 0; // ms
  var playing = false;
  var lastTick = 0;
  var timer = null;
  var shown = 0; // messages[0..shown) are on the list
  var generation = 0; // bumped on every seek, so stale loads do not render

  function endMs() {
    return (Number(seek.max) || 0) * 1000;
  }

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < STICK_PX;
  }

  // Shows every fetched message up to the clock, fetching more when the clock has passed
  // the last one fetched.
  function render() {
    var stick = nearBottom();
    var frag = document.createDocumentFragment();
    while (shown < messages.length && messages[shown].offset_ms <= position) {
      frag.appendChild(messageItem(messages[shown]));
      shown++;
    }
    if (frag.childNodes.length) {
      list.appendChild(frag);
      if (stick) list.scrollTop = list.scrollHeight;
    }
    if (shown === messages.length && !exhausted) {
      var last = messages.length ? messages[messages.length - 1].offset_ms : -1;
      if (last <= position) {
        var gen = generation;
        loadMore().then(function () {
          if (gen === generation && (messages.length > shown || Date.now() >= retryAt)) render();
        });
      }
    }
  }

  function showClock() {
    if (clock) clock.textContent = formatOffset(position);
    seek.value = String(Math.floor(position / 1000));
    seek.setAttribute("aria-valuetext", formatOffset(position));
  }

  function tick() {
    var now = performance.now();
    position += now - lastTick;
    lastTick = now;
    if (position >= endMs()) {
      position = endMs();
      pause();
    }
    showClock();
    render();
  }

  function play() {
    if (position >= endMs()) seekTo(0);
    playing = true;
    lastTick = performance.now();
    timer = setInterval(tick, TICK_MS);
    playBtn.textContent = t("tPause", "Pause");
    playBtn.setAttribute("aria-pressed", "true");
  }

  function pause() {
    playing = false;
    clearInterval(timer);
    timer = null;
    playBtn.textContent = t("tPlay", "Play");
    playBtn.setAttribute("aria-pressed", "false");
  }

  // Jumps to `ms`: clears the list and shows everything up to that offset.
  function seekTo(ms) {
    generation++;
    position = Math.max(0, Math.min(ms, endMs()));
    lastTick = performance.now();
    shown = 0;
    list.textContent = "";
    showClock();
    render();
  }

  // ---------------------------------------------------------------- start

  // The server-rendered list (all messages, for readers without JavaScript) gives way to the
  // clock-driven view.
  list.textContent = "";
  controls.hidden = false;
  playBtn.setAttribute("aria-pressed", "false");
  playBtn.addEventListener("click", function () {
    if (playing) pause();
    else play();
  });
  seek.addEventListener("input", function () {
    seekTo(Number(seek.value) * 1000);
  });
  seek.addEventListener("change", function () {
    if (Math.floor(position / 1000) !== Number(seek.value)) seekTo(Number(seek.value) * 1000);
  });
  showClock();
  render();
})();
