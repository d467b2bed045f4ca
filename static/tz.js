// Tells the server the browser's time zone, once: the ch_tz cookie is (re)set only when it
// is missing or differs, and the page is not reloaded (the next page uses it).
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) return;
  var current = document.cookie.split('; ').filter(function (c) {
    return c.indexOf('ch_tz=') === 0;
  })[0];
  if (current && current.slice(6) === zone) return;
  var secure = location.protocol === 'https:' ? '; Secure' : '';
  // Zone names are plain cookie characters: no encoding needed.
  document.cookie = 'ch_tz=' + zone +
    '; Path=/; Max-Age=31536000; SameSite=Lax' + secure;
})();
