/* KIPP Live: a scoring window's countdown on the juror's pages (/penilaian and a sheet).
 *
 * The server writes the text at render time (dashboard/builders/countdown.py); this keeps
 * it running: every 20 s the time left to data-until (epoch ms) in its two largest units,
 * whole minutes rounded up, in the words of the browser's CLDR (Intl), as Babel writes
 * them on the server. Once the moment has passed, data-after is said instead.
 */
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "id";
  var formats = {};

  function unit(n, name) {
    if (!formats[name]) {
      formats[name] = new Intl.NumberFormat(lang, {
        style: "unit", unit: name, unitDisplay: "long"
      });
    }
    return formats[name].format(n);
  }

  function left(ms) {
    var minutes = Math.max(1, Math.ceil(ms / 60000));
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var mins = minutes % 60;
    var parts = days ? [[days, "day"], [hours, "hour"]]
      : hours ? [[hours, "hour"], [mins, "minute"]] : [[mins, "minute"]];
    return parts.filter(function (p) { return p[0]; })
      .map(function (p) { return unit(p[0], p[1]); }).join(" ");
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".kipp-countdown[data-until]").forEach(function (el) {
      var until = Number(el.getAttribute("data-until"));
      var phrase = el.getAttribute("data-phrase");
      var text = (!phrase || now >= until) ? el.getAttribute("data-after")
        : phrase.replace("{left}", left(until - now));
      if (el.textContent !== text) { el.textContent = text; }
    });
  }

  tick();
  window.setInterval(tick, 20000);
})();
