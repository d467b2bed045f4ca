// Live chat client for section#chat (templates/chat_panel.html).
// Protocol: DESIGN.md, "Live chat protocol". No framework, no inline markup: every piece of
// user text reaches the page through textContent or text nodes, never innerHTML.
(function () {
  "use strict";

  var root = document.querySelector("section#chat[data-room]");
  if (!root || !("WebSocket" in window)) return;

  var room = root.getAttribute("data-room");
  var signedIn = root.getAttribute("data-signed-in") === "true";
  var maxChars = parseInt(root.getAttribute("data-max-chars"), 10) || 500;
  var lastId = parseInt(root.getAttribute("data-last-id"), 10) || 0;
  // The viewer chose "show anyway" on the page: the socket must ask for the same.
  var reveal = root.getAttribute("data-reveal") === "true";
  // The premiere relay: on unless the viewer switched it off (remembered in this browser).
  var hasRelay = root.getAttribute("data-relay") === "true";
  var RELAY_KEY = "ch_relay_off";
  var relayOn = true;
  try {
    relayOn = window.localStorage.getItem(RELAY_KEY) !== "1";
  } catch (e) { /* storage refused: on */ }

  var list = root.querySelector("[data-messages]");
  var onlineEl = root.querySelector("[data-online]");
  var stateEl = root.querySelector("[data-conn-state]");
  var errorEl = root.querySelector("[data-error]");
  var form = root.querySelector("[data-form]");
  var input = root.querySelector("[data-input]");
  var counter = root.querySelector("[data-counter]");
  if (!list) return;

  // The page's language: the section carries the texts (data-t-*, "#" where a value goes);
  // English when they are missing.
  function t(name, fallback) {
    return root.dataset[name] || fallback;
  }

  function fill(text, value) {
    return text.replace("#", function () { return String(value); });
  }

  var BACKOFF_MIN_MS = 500;
  var BACKOFF_MAX_MS = 30000;
  var SLOW_CLOSE = 4008;
  var BANNED_CLOSE = 4003;
  var SIGNED_OUT_CLOSE = 4001;
  var STICK_PX = 48;

  // ---------------------------------------------------------------- helpers

  function chars(text) {
    // The server counts Unicode scalar values; Array.from splits by code point.
    return Array.from(text).length;
  }

  function newNonce() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] + 256).toString(16).slice(1);
    return s;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // "2026-11-25 10:44 UTC", as the server prints times.
  function formatTime(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) +
      " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " UTC";
  }

  var URL_RE = /\bhttps?:\/\/[^\s<>"]+/gi;

  // Trailing punctuation usually ends the sentence, not the link.
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

  // `@name` as the server reads it (domain::mention_spans): after a non-name character,
  // 3 to 32 letters, digits, '_' or '-'. Linked to the profile page, which answers 404
  // for a name nobody has: chat messages are not looked up name by name.
  var MENTION_RE = /(^|[^A-Za-z0-9_\-@\/])@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/g;

  function appendMentions(parent, text) {
    var last = 0;
    var m;
    MENTION_RE.lastIndex = 0;
    while ((m = MENTION_RE.exec(text)) !== null) {
      var at = m.index + m[1].length;
      if (at > last) parent.appendChild(document.createTextNode(text.slice(last, at)));
      var a = document.createElement("a");
      a.className = "mention";
      a.href = "/users/" + encodeURIComponent(m[2]);
      a.textContent = "@" + m[2];
      parent.appendChild(a);
      last = at + 1 + m[2].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // Appends `text` to `parent` as text nodes, with http(s) URLs and mentions as links.
  function appendLinkified(parent, text) {
    var last = 0;
    var m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text)) !== null) {
      var url = trimUrl(m[0]);
      if (!isWebUrl(url)) continue;
      if (m.index > last) appendMentions(parent, text.slice(last, m.index));
      var a = document.createElement("a");
      a.href = url;
      a.rel = "nofollow ugc noopener";
      a.target = "_blank";
      a.textContent = url;
      parent.appendChild(a);
      last = m.index + url.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) appendMentions(parent, text.slice(last));
  }

  function messageItem(user, text, atMs) {
    var li = document.createElement("li");
    li.className = "chat-msg";
    var who = document.createElement("strong");
    who.className = "user";
    who.textContent = user;
    var body = document.createElement("span");
    body.className = "text";
    appendLinkified(body, text);
    li.appendChild(who);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(body);
    li.appendChild(document.createTextNode(" "));
    var time = document.createElement("time");
    if (atMs != null) {
      time.dateTime = new Date(atMs).toISOString();
      time.textContent = formatTime(atMs);
    }
    li.appendChild(time);
    return li;
  }

  // ---------------------------------------------------------------- the message list

  var items = new Map(); // message id -> <li>
  Array.prototype.forEach.call(list.querySelectorAll("li[data-id]"), function (li) {
    var id = Number(li.getAttribute("data-id"));
    if (id > 0) {
      items.set(id, li);
      if (id > lastId) lastId = id;
    }
  });

  // "New messages" button, shown when messages arrive while the reader is scrolled up.
  var jump = document.createElement("button");
  jump.type = "button";
  jump.className = "small chat-jump";
  jump.textContent = t("tNewMessages", "New messages ↓");
  jump.hidden = true;
  list.parentNode.insertBefore(jump, list.nextSibling);
  jump.addEventListener("click", function () {
    scrollToBottom();
  });

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < STICK_PX;
  }

  function scrollToBottom() {
    list.scrollTop = list.scrollHeight;
    jump.hidden = true;
  }

  list.addEventListener("scroll", function () {
    if (nearBottom()) jump.hidden = true;
  });

  // Runs `change` on the list and keeps it pinned to the bottom if it was there before.
  function changeList(change) {
    var stick = nearBottom();
    var added = change();
    if (stick) scrollToBottom();
    else if (added) jump.hidden = false;
  }

  function placeById(li, id) {
    // Pending messages stay last; stored ones are kept in id order.
    var before = null;
    for (var node = list.lastElementChild; node; node = node.previousElementSibling) {
      if (node === li) continue;
      if (!node.classList.contains("pending")) {
        var nid = Number(node.getAttribute("data-id"));
        if (!(nid > id)) break;
      }
      before = node;
    }
    list.insertBefore(li, before);
  }

  // A message of the premiere relay, marked with where it comes from. It goes after what
  // the list holds (before pending sends), in the order it plays: its id is from the
  // first airing, older than this room's live messages.
  function addRelayed(m) {
    var li = messageItem(String(m.user), String(m.text), m.at);
    li.classList.add("relayed");
    var from = document.createElement("span");
    from.className = "tag relay-from";
    from.textContent = fill(t("tRelayFrom", "from the # premiere"), String(m.relay.from || ""));
    li.insertBefore(from, li.firstChild.nextSibling);
    li.id = "m-" + m.id;
    li.setAttribute("data-id", String(m.id));
    items.set(m.id, li);
    var before = null;
    for (var node = list.lastElementChild; node && node.classList.contains("pending"); node = node.previousElementSibling) {
      before = node;
    }
    list.insertBefore(li, before);
    return true;
  }

  function addMessage(m) {
    if (!m || typeof m.id !== "number" || items.has(m.id)) return false;
    if (m.relay && typeof m.relay === "object") return addRelayed(m);
    var li = messageItem(String(m.user), String(m.text), m.at);
    if (m.mod === true) {
      // Sent by a moderator of the show.
      li.classList.add("by-mod");
      var badge = document.createElement("span");
      badge.className = "tag";
      badge.textContent = t("tMod", "mod");
      li.insertBefore(badge, li.firstChild.nextSibling);
    }
    li.id = "m-" + m.id;
    li.setAttribute("data-id", String(m.id));
    items.set(m.id, li);
    placeById(li, m.id);
    if (m.id > lastId) lastId = m.id;
    return true;
  }

  function removeMessage(id) {
    var li = items.get(id);
    if (li) {
      items.delete(id);
      li.remove();
    }
  }

  // ---------------------------------------------------------------- status and errors

  function setState(state, text) {
    root.setAttribute("data-conn", state);
    if (!stateEl) return;
    stateEl.setAttribute("data-state", state);
    stateEl.textContent = text || state;
  }

  function setOnline(n) {
    if (onlineEl && typeof n === "number") onlineEl.textContent = String(n);
  }

  var errorTimer = null;

  function showError(text, withLoginLink) {
    if (!errorEl) return;
    clearTimeout(errorTimer);
    errorEl.textContent = text;
    if (withLoginLink) {
      errorEl.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.href = "/login";
      a.textContent = t("tLogin", "Log in");
      errorEl.appendChild(a);
    }
    errorEl.hidden = false;
  }

  function clearError() {
    if (!errorEl) return;
    clearTimeout(errorTimer);
    errorEl.hidden = true;
    errorEl.textContent = "";
  }

  function seconds(ms) {
    return Math.max(1, Math.ceil(ms / 1000));
  }

  // ---------------------------------------------------------------- the connection

  var ws = null;
  var live = false;
  var attempt = 0;
  var reconnectTimer = null;
  var leaving = false;

  function socketUrl() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + location.host + "/ws/rooms/" + encodeURIComponent(room) +
      "?after=" + lastId + (reveal ? "&reveal=1" : "") + (hasRelay && !relayOn ? "&relay=0" : "");
  }

  function connect() {
    reconnectTimer = null;
    if (ws) return;
    setState(attempt === 0 ? "connecting" : "reconnecting",
      attempt === 0 ? t("tConnecting", "connecting…") : t("tReconnecting", "reconnecting…"));
    var sock;
    try {
      sock = new WebSocket(socketUrl());
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = sock;
    sock.onmessage = function (ev) {
      if (ws !== sock) return;
      var frame;
      try {
        frame = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      handleFrame(frame);
    };
    sock.onclose = function (ev) {
      if (ws !== sock) return;
      ws = null;
      live = false;
      queue.forEach(function (p) { p.sent = false; });
      if (leaving) return;
      if (ev.code === BANNED_CLOSE) {
        // Reconnecting would not help; a reload still shows the room.
        setState("closed", t("tDisconnected", "disconnected"));
        if (form) form.hidden = true;
        showError(t("tBanned", "You can no longer chat in this room."));
        return;
      }
      if (ev.code === SIGNED_OUT_CLOSE) {
        // The session ended (logged out elsewhere, password changed): read on as a
        // visitor, and say why the form went away.
        signedIn = false;
        if (form) form.hidden = true;
        showError(t("tSignedOut", "You were signed out."), true);
        attempt = 0;
      }
      // 4008 "slow": we fell behind; reconnect and resume from the last id we have.
      if (ev.code === SLOW_CLOSE) attempt = 0;
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (reconnectTimer || leaving) return;
    var base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * Math.pow(2, attempt));
    var delay = Math.round(base / 2 + Math.random() * base / 2);
    attempt++;
    setState("reconnecting", fill(t("tReconnectingIn", "reconnecting in # s…"), seconds(delay)));
    reconnectTimer = setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (ws || leaving) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    connect();
  }

  window.addEventListener("online", reconnectNow);
  window.addEventListener("pagehide", function () {
    leaving = true;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (ws) ws.close(1000, "page hidden");
  });
  window.addEventListener("pageshow", function (ev) {
    if (ev.persisted) {
      leaving = false;
      attempt = 0;
      reconnectNow();
    }
  });

  // ---------------------------------------------------------------- frames

  function handleFrame(f) {
    switch (f.type) {
      case "hello":
        live = true;
        attempt = 0;
        setState("live", t("tLive", "live"));
        setOnline(f.online);
        showSlowMode(f.slow_mode_s);
        changeList(function () {
          var added = false;
          (f.backlog || []).forEach(function (m) { added = addMessage(m) || added; });
          return added;
        });
        pump();
        break;
      case "message":
        changeList(function () { return addMessage(f); });
        break;
      case "deleted":
        removeMessage(f.id);
        break;
      case "presence":
        setOnline(f.online);
        break;
      case "relay":
        showRelay(f);
        break;
      case "ack":
        acked(f.nonce, f.id);
        break;
      case "error":
        // A refused reaction says so: it must not touch the messages being sent.
        if (f.about === "react") reactionFailed(f);
        else failed(f);
        break;
      case "reacted":
        reactionDone(f.key);
        break;
      case "reaction":
        break;
      default:
        break;
    }
  }

  var slowEl = null;
  function showSlowMode(s) {
    if (!stateEl) return;
    if (!slowEl) {
      slowEl = document.createElement("span");
      slowEl.className = "slow-mode";
      stateEl.parentNode.insertBefore(slowEl, stateEl);
    }
    slowEl.textContent = s > 0 ? fill(t("tSlowMode", "slow mode: one message every # s"), s) : "";
  }

  // ---------------------------------------------------------------- the premiere relay

  var relayBar = root.querySelector("[data-relay-bar]");
  var relayToggle = root.querySelector("[data-relay-toggle]");
  var relayState = root.querySelector("[data-relay-state]");

  function showRelay(f) {
    if (!relayBar) return;
    relayBar.hidden = false;
    relayOn = f.on === true;
    if (relayToggle) relayToggle.checked = relayOn;
    root.classList.toggle("relay-off", !relayOn);
    if (relayState) {
      var names = { air: "tRelayAir", playing: "tRelayPlaying", paused: "tRelayPaused",
        party: "tRelayParty", party_paused: "tRelayParty" };
      relayState.textContent = names[f.clock] ? t(names[f.clock], "") : "";
    }
  }

  function sendFrame(frame) {
    if (ws && live) ws.send(JSON.stringify(frame));
  }

  if (relayBar) {
    // Shown at once: "I'm pressing play now" works in every episode room with an air date.
    relayBar.hidden = false;
    if (relayToggle) {
      relayToggle.checked = relayOn;
      root.classList.toggle("relay-off", !relayOn);
      relayToggle.addEventListener("change", function () {
        relayOn = relayToggle.checked;
        root.classList.toggle("relay-off", !relayOn);
        try {
          if (relayOn) window.localStorage.removeItem(RELAY_KEY);
          else window.localStorage.setItem(RELAY_KEY, "1");
        } catch (e) { /* not remembered */ }
        sendFrame({ type: "relay", on: relayOn });
      });
    }
    var play = root.querySelector("[data-clock-play]");
    var pause = root.querySelector("[data-clock-pause]");
    if (play) play.addEventListener("click", function () { sendFrame({ type: "clock", action: "play" }); });
    if (pause) pause.addEventListener("click", function () { sendFrame({ type: "clock", action: "pause" }); });
  }

  // ---------------------------------------------------------------- sending

  // Messages the user sent that the server has not acked yet, oldest first. Only the head is
  // on the wire at a time, so an error frame always belongs to it. After a reconnect the head
  // is sent again with the same nonce: the server acks it once and stores it once.
  var queue = [];
  var retryTimer = null;
  var me = (function () {
    var who = document.querySelector(".site-header .who");
    return who && who.textContent.trim() ? who.textContent.trim() : t("tYou", "you");
  })();

  function pump() {
    if (!live || !ws || retryTimer || queue.length === 0 || queue[0].sent) return;
    var head = queue[0];
    head.sent = true;
    ws.send(JSON.stringify({ type: "send", text: head.text, nonce: head.nonce }));
  }

  function acked(nonce, id) {
    var idx = -1;
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].nonce === nonce) { idx = i; break; }
    }
    if (idx < 0) return;
    var p = queue.splice(idx, 1)[0];
    if (items.has(id)) {
      // The broadcast copy is already on the list.
      p.li.remove();
    } else {
      // A resend the server had stored before: the acked message is the pending one.
      p.li.classList.remove("pending");
      var status = p.li.querySelector(".status");
      if (status) status.remove();
      p.li.id = "m-" + id;
      p.li.setAttribute("data-id", String(id));
      items.set(id, p.li);
      placeById(p.li, id);
    }
    clearError();
    pump();
  }

  // The head could not be sent: take it off the list and give its text back to the input.
  function dropHead() {
    var p = queue.length && queue[0].sent ? queue.shift() : null;
    if (!p) return;
    p.li.remove();
    if (input && input.value.trim() === "") {
      input.value = p.text;
      updateCounter();
    }
  }

  function failed(f) {
    var msg = typeof f.message === "string" && f.message ? f.message : t("tWentWrong", "Something went wrong.");
    var retry = typeof f.retry_after_ms === "number" ? f.retry_after_ms : null;
    switch (f.code) {
      case "rate_limited":
      case "slow_mode": {
        var wait = retry != null ? retry : 1000;
        showError((f.code === "slow_mode" ? msg : t("tTooFast", "You are sending messages too fast.")) +
          " " + fill(t("tSentIn", "Your message will be sent in # s."), seconds(wait)));
        if (queue.length && queue[0].sent) {
          queue[0].sent = false;
          clearTimeout(retryTimer);
          retryTimer = setTimeout(function () {
            retryTimer = null;
            pump();
          }, wait);
        }
        break;
      }
      case "forbidden":
        dropHead();
        showError(signedIn ? t("tNoLongerSignedIn", "You are no longer signed in. Log in to chat.")
          : t("tLoginToChat", "Log in to chat."), true);
        break;
      case "too_long":
        dropHead();
        showError(fill(t("tTooLong", "Too long: #"), msg));
        break;
      case "timed_out":
        dropHead();
        showError((retry != null
          ? fill(t("tTimedOutFor", "You are timed out of this chat for # s more."), seconds(retry))
          : t("tTimedOut", "You are timed out of this chat.")) + " " + msg);
        break;
      case "bad_request":
        dropHead();
        showError(fill(t("tNotSent", "Not sent: #"), msg));
        break;
      case "unavailable":
        dropHead();
        showError(fill(t("tUnavailable", "Chat is unavailable right now: #"), msg));
        break;
      default:
        dropHead();
        showError(msg);
        break;
    }
    pump();
  }

  function updateCounter() {
    if (!input || !counter) return;
    var n = chars(input.value);
    counter.textContent = n + "/" + maxChars;
    counter.classList.toggle("over", n > maxChars);
  }

  function submit() {
    var text = input.value.trim();
    var n = chars(text);
    if (n === 0) return;
    if (n > maxChars) {
      var tooLong = root.dataset.tTooLongLocal;
      showError(tooLong ? fill(tooLong, n)
        : "Too long: messages are limited to " + maxChars + " characters (this one has " + n + ").");
      return;
    }
    var li = messageItem(me, text, null);
    li.classList.add("pending");
    var status = document.createElement("span");
    status.className = "status";
    status.textContent = t("tSending", "sending…");
    li.appendChild(status);
    var p = { nonce: newNonce(), text: text, li: li, sent: false };
    queue.push(p);
    list.appendChild(li);
    scrollToBottom();
    input.value = "";
    updateCounter();
    pump();
  }

  if (form && input && signedIn) {
    form.hidden = false;
    input.addEventListener("input", updateCounter);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        submit();
      }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      submit();
      input.focus();
    });
    updateCounter();
  }

  // ---------------------------------------------------------------- reactions
  // One tap, one `react` frame; the buttons show only while the socket is open, since a
  // reaction counts for the moment it is sent and is not queued for later.

  var reactionsEl = root.querySelector("[data-reactions]");
  var reactionStatus = root.querySelector("[data-reaction-status]");

  function reactionName(key) {
    var b = reactionsEl && reactionsEl.querySelector('[data-react="' + key + '"]');
    return b ? b.getAttribute("aria-label") : key;
  }

  function reactionDone(key) {
    if (reactionStatus) reactionStatus.textContent = fill(t("tReacted", "Sent: #"), reactionName(key));
  }

  function reactionFailed(f) {
    var msg = typeof f.message === "string" && f.message ? f.message : t("tWentWrong", "Something went wrong.");
    if (reactionStatus) reactionStatus.textContent = fill(t("tReactionFailed", "Reaction not sent: #"), msg);
  }

  if (reactionsEl && signedIn) {
    reactionsEl.hidden = false;
    reactionsEl.addEventListener("click", function (ev) {
      var b = ev.target.closest ? ev.target.closest("[data-react]") : null;
      if (!b || !ws || !live) return;
      ws.send(JSON.stringify({ type: "react", key: b.getAttribute("data-react") }));
    });
  }

  scrollToBottom();
  connect();
})();
