/* KIPP Live ceremony screen: poll, rotate, tick the clock, never show an error.
 *
 * One loop polls /kiosk/api/state (a version, no data). When that version differs from
 * the frame on screen, the Dash frame callback is asked for new slides through the
 * kiosk-signal store. The next poll is scheduled only when the previous one ended, so
 * requests never pile up, and every request has a time limit. The clock, the
 * "Diperbarui pukul" badge and the reconnect notice are plain HTML outside Dash.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  document.documentElement.dataset.theme = params.get("theme") === "light" ? "light" : "dark";

  var config = { poll: 500, build: "", lang: "id", updated: "Diperbarui pukul" };
  try {
    config = Object.assign(config, JSON.parse(document.getElementById("kiosk-config").textContent));
  } catch (e) {
    /* defaults */
  }
  var lang = config.lang === "en" ? "en" : "id";
  var locale = lang === "en" ? "en-GB" : "id-ID";
  var ZONES = { "Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT" };
  var REQUEST_TIMEOUT_MS = 4000;
  var RETRIGGER_MS = 4000; // ask again for a frame that has not arrived by then
  var FAILURES_BEFORE_NOTICE = 2;
  // Dash has not drawn its layout this long after the page loaded, though the server
  // answers: a script or the layout request was lost on the way, and Dash never asks
  // again. The page is loaded anew, waiting twice as long each time (at most 5 min).
  var FIRST_FRAME_LIMIT_MS = 20000;
  var FIRST_FRAME_LIMIT_MAX_MS = 300000;
  var RELOADS_KEY = "kipp-kiosk-first-frame-reloads";
  var loadedAt = Date.now();

  // What the page asks the server about: the edition, language and slides of the URL.
  var forward = new URLSearchParams();
  ["edition", "lang", "slides"].forEach(function (key) {
    if (params.get(key)) {
      forward.set(key, params.get(key));
    }
  });
  var search = forward.toString() ? "?" + forward.toString() : "";

  var state = {
    build: null,
    wanted: null, // version the server has
    asked: null, // version last asked of the frame callback
    askedAt: 0,
    nonce: 0,
    failures: 0,
    authReloadAt: 0,
    slide: null,
    slideSince: 0,
  };

  function byId(id) {
    return document.getElementById(id);
  }

  function frameRoot() {
    return document.querySelector("#kiosk-frame .kiosk-frame-inner");
  }

  function zone() {
    var root = frameRoot();
    return (root && root.getAttribute("data-tz")) || "Asia/Jakarta";
  }

  function timeText(date) {
    var text = new Intl.DateTimeFormat(locale, {
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
      timeZone: zone(),
    }).format(date);
    if (lang === "id") {
      text = text.replace(":", ".");
    }
    return text + " " + (ZONES[zone()] || "");
  }

  function dateText(date) {
    return new Intl.DateTimeFormat(locale, {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: zone(),
    }).format(date);
  }

  function setText(id, text) {
    var el = byId(id);
    if (el && el.textContent !== text) {
      el.textContent = text;
    }
  }

  // ------------------------------------------------------------ connection notice
  function connected(ok) {
    var notice = byId("kiosk-reconnect");
    if (ok) {
      state.failures = 0;
    } else {
      state.failures += 1;
    }
    if (notice) {
      notice.hidden = state.failures < FAILURES_BEFORE_NOTICE;
    }
  }

  // ------------------------------------------------------------ polling
  function shownNow() {
    var root = frameRoot();
    if (!root) {
      return "standby";
    }
    return (root.getAttribute("data-step") === "rotation" ? state.slide : root.getAttribute("data-step")) || "";
  }

  function ask(version) {
    var setProps = window.dash_clientside && window.dash_clientside.set_props;
    if (!setProps || !byId("kiosk-frame")) {
      return; // Dash not ready yet: the next poll asks again
    }
    state.asked = version;
    state.askedAt = Date.now();
    state.nonce += 1;
    try {
      setProps("kiosk-signal", { data: { v: version, search: search, n: state.nonce } });
    } catch (e) {
      state.asked = null; // Dash has not drawn its layout yet: the next poll asks again
    }
  }

  function storedReloads() {
    try {
      return parseInt(window.sessionStorage.getItem(RELOADS_KEY), 10) || 0;
    } catch (e) {
      return 0; // storage refused: wait the first limit every time
    }
  }

  function storeReloads(count) {
    try {
      window.sessionStorage.setItem(RELOADS_KEY, String(count));
    } catch (e) {
      /* storage refused */
    }
  }

  // Called while the server answers: false when the page is being loaded anew.
  function firstFrameOnTheWay() {
    var reloads = storedReloads();
    if (byId("kiosk-frame")) {
      if (reloads) {
        storeReloads(0);
      }
      return true;
    }
    var limit = Math.min(FIRST_FRAME_LIMIT_MS * Math.pow(2, reloads), FIRST_FRAME_LIMIT_MAX_MS);
    if (Date.now() - loadedAt < limit) {
      return true;
    }
    storeReloads(reloads + 1);
    window.location.reload();
    return false;
  }

  function onState(body) {
    connected(true);
    if (body.build && config.build && body.build !== config.build) {
      // A new deployment: load its page (the server just answered, so it is up).
      window.location.reload();
      return;
    }
    if (!firstFrameOnTheWay()) {
      return;
    }
    setText("kiosk-updated", config.updated + " " + timeText(new Date(body.t || Date.now())));
    state.wanted = body.v;
    var root = frameRoot();
    var onScreen = root ? root.getAttribute("data-frame-version") : null;
    if (onScreen === body.v) {
      return;
    }
    if (state.asked !== body.v || Date.now() - state.askedAt > RETRIGGER_MS) {
      ask(body.v);
    }
  }

  function onUnauthorized() {
    // The session ran out (or the screen was revoked): reload the page, whose address
    // carries the display token, at most once a minute. Never a login form.
    if (params.get("token") && Date.now() - state.authReloadAt > 60000) {
      state.authReloadAt = Date.now();
      window.location.reload();
    }
  }

  function poll() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, REQUEST_TIMEOUT_MS);
    var query = new URLSearchParams(forward);
    query.set("shown", shownNow());
    fetch("/kiosk/api/state?" + query.toString(), {
      credentials: "same-origin",
      cache: "no-store",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          connected(false);
          onUnauthorized();
          return null;
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        if (body) {
          onState(body);
        }
      })
      .catch(function () {
        connected(false);
      })
      .then(function () {
        clearTimeout(timer);
        setTimeout(poll, config.poll);
      });
  }

  // ------------------------------------------------------------ slides
  var styleEl = document.createElement("style");
  document.head.appendChild(styleEl);

  function rotate() {
    var root = frameRoot();
    var standby = byId("kiosk-standby");
    if (standby) {
      standby.hidden = !!root;
    }
    if (!root) {
      return;
    }
    var slides = Array.prototype.slice.call(root.querySelectorAll(".kiosk-slide"));
    if (!slides.length) {
      return;
    }
    var names = slides.map(function (s) {
      return s.getAttribute("data-slide");
    });
    var index = names.indexOf(state.slide);
    var now = Date.now();
    if (index < 0) {
      index = 0;
      state.slideSince = now;
    } else {
      var seconds = parseInt(slides[index].getAttribute("data-seconds"), 10) || 0;
      if (slides.length > 1 && seconds > 0 && now - state.slideSince >= seconds * 1000) {
        index = (index + 1) % slides.length;
        state.slideSince = now;
      }
    }
    if (state.slide !== names[index] || !styleEl.textContent) {
      state.slide = names[index];
      fit();
    }
  }

  // ------------------------------------------------------------ fitting the screen
  // Names and titles are never cut: they wrap, and when the slide then reaches past the
  // screen, the whole slide steps down in size (CSS zoom, in a style sheet this script
  // owns: React's own nodes stay untouched) until it fits, down to MIN_ZOOM. Only a text
  // no real entry has (hundreds of letters) still overflowing there gets a few lines and
  // an ellipsis, the last resort that keeps the rest of the screen on the screen.
  var MIN_ZOOM = 0.5;
  var ZOOM_STEP = 0.05;
  var CLAMPED = [
    [
      ".kiosk-winner-title,.kiosk-podium-title,.kiosk-finalist-title,.kiosk-splash-title," +
        ".kiosk-katalog-title",
      4,
    ],
    [
      ".kiosk-winner-unit,.kiosk-winner-innovator,.kiosk-podium-unit,.kiosk-finalist-unit," +
        ".kiosk-prize,.kiosk-splash-edition,.kiosk-katalog-unit",
      2,
    ],
  ];

  function showSlide(name, zoom, clamped) {
    var slide = '.kiosk-slide[data-slide="' + name.replace(/[^a-z0-9-]/g, "") + '"]';
    var css = slide + "{display:flex" + (zoom < 1 ? ";zoom:" + zoom : "") + "}";
    if (clamped) {
      CLAMPED.forEach(function (rule) {
        css +=
          slide +
          " :is(" +
          rule[0] +
          "){display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden;" +
          "-webkit-line-clamp:" +
          rule[1] +
          "}";
      });
    }
    styleEl.textContent = css;
  }

  function overflows(slide) {
    var area = document.querySelector(".kiosk-stage-area");
    if (!area) {
      return false;
    }
    var box = area.getBoundingClientRect();
    var parts = slide.querySelectorAll("*");
    for (var i = 0; i < parts.length; i++) {
      var r = parts[i].getBoundingClientRect();
      if (r.width && (r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.right > box.right + 1)) {
        return true;
      }
    }
    return false;
  }

  function fitWith(slide, clamped) {
    var zoom = 1;
    showSlide(state.slide, zoom, clamped);
    while (slide && zoom - ZOOM_STEP >= MIN_ZOOM - 1e-9 && overflows(slide)) {
      zoom = Math.round((zoom - ZOOM_STEP) * 100) / 100;
      showSlide(state.slide, zoom, clamped);
    }
    return !slide || !overflows(slide);
  }

  function fit() {
    if (!state.slide) {
      return;
    }
    var root = frameRoot();
    var slide =
      root &&
      root.querySelector('.kiosk-slide[data-slide="' + state.slide.replace(/[^a-z0-9-]/g, "") + '"]');
    if (!fitWith(slide, false)) {
      fitWith(slide, true);
    }
  }

  // A new frame (a reveal step, new figures) may hold longer texts: fit it at once. The
  // clock and the countdown change every second outside the frame's texts: not those.
  var fitPending = false;
  var fitWatcher = new MutationObserver(function (changes) {
    var frame = byId("kiosk-frame");
    var moved = changes.some(function (change) {
      var node = change.target.nodeType === 1 ? change.target : change.target.parentElement;
      return frame && node && frame.contains(node) && !node.closest(".kiosk-countdown");
    });
    if (!moved || fitPending) {
      return;
    }
    fitPending = true;
    requestAnimationFrame(function () {
      fitPending = false;
      fit();
    });
  });
  window.addEventListener("resize", fit);

  // ------------------------------------------------------------ clock and countdown
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function countdown() {
    var box = document.querySelector("#kiosk-frame .kiosk-countdown");
    if (!box) {
      return;
    }
    var target = Date.parse(box.getAttribute("data-target"));
    var left = Math.max(0, Math.floor((target - Date.now()) / 1000));
    var values = {
      days: String(Math.floor(left / 86400)),
      hours: pad(Math.floor((left % 86400) / 3600)),
      minutes: pad(Math.floor((left % 3600) / 60)),
      seconds: pad(left % 60),
    };
    box.querySelectorAll("[data-unit]").forEach(function (el) {
      var value = values[el.getAttribute("data-unit")];
      if (el.textContent !== value) {
        el.textContent = value;
      }
    });
    var slide = box.closest(".kiosk-slide");
    if (slide) {
      slide.classList.toggle("is-now", left === 0);
    }
  }

  function tick() {
    var now = new Date();
    setText("kiosk-clock", dateText(now) + " · " + timeText(now));
    rotate();
    countdown();
  }

  // ------------------------------------------------------------ offline start
  // The worker keeps this page and its scripts, so the screen can start without a server.
  // On the first visit the page loaded them before the worker existed: it keeps them
  // itself, from the browser's cache, so that each file crosses the wire once (the
  // worker's own fetch does not find the page's copies in that cache). Later visits go
  // through the worker, which keeps what it fetches (kiosk-sw.js).
  var OFFLINE_CACHE = "kipp-kiosk-v1"; // the worker's CACHE
  var NEVER_KEPT = /^\/kiosk\/(api\/|photo\/|logo\/|_dash-update-component)/;

  function addressesToKeep() {
    var urls = [window.location.href];
    performance.getEntriesByType("resource").forEach(function (entry) {
      var url = new URL(entry.name, window.location.href);
      if (
        url.origin === window.location.origin &&
        url.pathname.indexOf("/kiosk/") === 0 &&
        !NEVER_KEPT.test(url.pathname) &&
        urls.indexOf(url.href) < 0
      ) {
        urls.push(url.href);
      }
    });
    return urls;
  }

  function keepForOffline() {
    var controlled = !!navigator.serviceWorker.controller;
    var kept = controlled
      ? Promise.resolve() // the worker kept each file as it fetched it for this page
      : caches.open(OFFLINE_CACHE).then(function (cache) {
          return Promise.all(
            addressesToKeep().map(function (url) {
              // The copy this page already has; the network only if the browser dropped it.
              return fetch(url, { credentials: "same-origin", cache: "force-cache" })
                .then(function (response) {
                  if (response.ok) {
                    return cache.put(url, response);
                  }
                })
                .catch(function () {
                  /* kept next time */
                });
            })
          );
        });
    Promise.all([kept, navigator.serviceWorker.ready]).then(function () {
      window.kioskOfflineReady = true;
    });
  }

  if ("serviceWorker" in navigator && window.isSecureContext && window.caches) {
    navigator.serviceWorker
      .register("/kiosk-sw.js", { scope: "/kiosk" })
      .then(function () {
        // Once Dash has fetched its layout and scripts, keep them all.
        setTimeout(keepForOffline, 3000);
      })
      .catch(function () {
        /* no worker: the screen still works while the server is up */
      });
  }

  function start() {
    fitWatcher.observe(document.body, { childList: true, subtree: true, characterData: true });
    tick();
    setInterval(tick, 250);
    poll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
