/* KIPP Live: the refresh timers of live pages, and a notice when the server is away.
 *
 * - The tab holds one news stream, GET /api/versi/alir (server-sent events,
 *   dashboard/push.py): when it says the data version moved, each live page's trigger is
 *   set at once (calling its Dash refresh callback), so a new score is on screen about a
 *   second after it was saved. The stream is closed while the tab is hidden.
 * - A tick uses what the stream last said; without a live stream (refused, cut, blocked
 *   by a proxy, an old browser) it asks the light GET /api/versi (dashboard/poll.py) for
 *   the data version and the badge. Either way it sets the page's trigger only when that
 *   version differs from the one the page shows, or every FULL_REFRESH_MS all the same
 *   (the server-side session slides with use). A tick without news costs no Dash request.
 * - A page's timer pauses while its tab is hidden and refreshes at once on return.
 * - A page never has two ticks or refreshes in flight: while a request its timer started
 *   is unanswered (a slow database), the timer is stopped, and restarted when the answer
 *   comes. Dash would otherwise send one request per tick and drop all answers but the
 *   newest, so a slow server got more and more requests and the page no update at all.
 * - When the server cannot be reached, every page says so; the notice goes once it answers.
 */
(function () {
  "use strict";

  var watched = {}; // interval id -> its page's wake-up store id
  var triggers = {}; // trigger store id -> its page's interval id
  var VERSION_URL = "/api/versi";
  var FULL_REFRESH_MS = 5 * 60 * 1000;
  var POLL_TIMEOUT_MS = 8000;
  var lastFull = {}; // interval id -> when its trigger was last set
  var inFlight = {}; // interval id -> requests its ticks started, still unanswered
  var wakeLater = {}; // interval id -> the tab came back while a request was in flight
  var NEWS_URL = "/api/versi/alir";
  // A stream silent for longer than this (its heartbeat comes every 15 s) is not trusted.
  var NEWS_SILENT_MS = 40000;
  // After a refused or ended stream, the ticks poll; the stream is tried again this late.
  var NEWS_RETRY_MS = 60000;
  var news = { source: null, version: null, stale: false, badges: null, heardAt: 0, failedAt: -Infinity };
  var knownShown = {}; // interval id -> the version its page showed at its last tick
  var newsLater = {}; // interval id -> news came while a request was in flight
  var marks = {}; // interval id -> an element of its page (is the page still shown?)

  function setProps(id, props) {
    var set = window.dash_clientside && window.dash_clientside.set_props;
    if (!set) {
      return;
    }
    try {
      set(id, props);
    } catch (e) {
      /* the page was left: its components are gone */
    }
  }

  function badge(text, stale) {
    return {
      type: "Span",
      namespace: "dash_html_components",
      props: {
        children: text,
        className: stale ? "kipp-updated kipp-updated-stale" : "kipp-updated",
      },
    };
  }

  // A tick's outputs for the version the server has: the trigger only when it is due.
  function decide(body, shown, intervalId) {
    var none = window.dash_clientside.no_update;
    var now = Date.now();
    if (lastFull[intervalId] === undefined) {
      lastFull[intervalId] = now; // the page's own first refresh has just run
    }
    var due =
      !shown ||
      shown.version !== body.version ||
      now - (lastFull[intervalId] || 0) >= FULL_REFRESH_MS;
    if (!due) {
      return [none, badge(body.badge, false)];
    }
    lastFull[intervalId] = now;
    return [{ version: body.version, at: now }, badge(body.badge, false)];
  }

  function busy(intervalId) {
    return (inFlight[intervalId] || 0) > 0;
  }

  function wake(intervalId) {
    setProps(watched[intervalId], { data: Date.now() });
  }

  function newsLive() {
    return (
      news.source !== null &&
      news.source.readyState === 1 &&
      news.badges !== null &&
      Date.now() - news.heardAt < NEWS_SILENT_MS
    );
  }

  function closeNews(failed) {
    if (news.source) {
      news.source.close();
    }
    news.source = null;
    news.badges = null;
    if (failed) {
      news.failedAt = Date.now();
    }
  }

  // Tell every live page of the tab that the version moved: its trigger calls its refresh.
  function announce(version) {
    Object.keys(triggers).forEach(function (triggerId) {
      var intervalId = triggers[triggerId];
      if (!document.getElementById(marks[intervalId]) || knownShown[intervalId] === version) {
        return; // a page left, or one showing this version already
      }
      if (busy(intervalId)) {
        newsLater[intervalId] = true;
        return;
      }
      lastFull[intervalId] = Date.now();
      setProps(triggerId, { data: { version: version, at: Date.now() } });
    });
  }

  function openNews() {
    if (news.source || !window.EventSource || document.hidden) {
      return;
    }
    if (Date.now() - news.failedAt < NEWS_RETRY_MS) {
      return;
    }
    var source = new EventSource(NEWS_URL);
    news.source = source;
    source.onmessage = function (message) {
      var body;
      try {
        body = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (!body || !body.badges) {
        return;
      }
      var moved = typeof body.version === "number" && body.version !== news.version;
      news.heardAt = Date.now();
      news.badges = body.badges;
      news.stale = !!body.stale;
      if (typeof body.version === "number") {
        news.version = body.version;
      }
      if (moved) {
        announce(body.version);
      }
    };
    // The session ended: the ticks poll again, and their answer (401) decides the rest.
    // Or the server holds its share of streams already: the ticks poll.
    ["ended", "full"].forEach(function (name) {
      source.addEventListener(name, function () {
        closeNews(true);
      });
    });
    source.onerror = function () {
      if (source.readyState === 2) {
        closeNews(true); // refused (401, 503 when the server holds its share of streams)
      }
      // else reconnecting by itself: meanwhile the ticks poll
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      closeNews(false); // a hidden tab holds no connection; it catches up when shown
    } else {
      openNews();
    }
  });

  function onVisibility(intervalId) {
    setProps(intervalId, { disabled: document.hidden || busy(intervalId) });
    if (document.hidden) {
      return;
    }
    if (busy(intervalId)) {
      wakeLater[intervalId] = true;
    } else {
      wake(intervalId);
    }
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    kipp: {
      watchVisibility: function (intervalId, wakeId, triggerId, statusId) {
        if (!watched[intervalId]) {
          document.addEventListener("visibilitychange", function () {
            onVisibility(intervalId);
          });
        }
        watched[intervalId] = wakeId;
        if (triggerId) {
          // A page that polls: news sets its trigger, from before its first tick on.
          triggers[triggerId] = intervalId;
          marks[intervalId] = statusId; // in the DOM while the page is (its stores are not)
          openNews(); // hold the tab's news stream from now on
        }
        return document.hidden || busy(intervalId);
      },
      poll: function (n, search, shown, intervalId, triggerId) {
        var none = window.dash_clientside.no_update;
        triggers[triggerId] = intervalId;
        knownShown[intervalId] = shown ? shown.version : undefined;
        openNews();
        if (busy(intervalId)) {
          return [none, none];
        }
        var lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "id";
        if (newsLive()) {
          // What the stream said last: no request at all.
          var text = news.badges[lang] || news.badges.id;
          if (news.stale) {
            return [none, badge(text, true)];
          }
          return decide({ version: news.version, badge: text }, shown, intervalId);
        }
        // The timer stops until the answer is in: a tick during a slow answer would start
        // this callback again, and Dash drops the result of the run it supersedes (the
        // "stale" badge of a database that takes longer than an interval never showed).
        hold(intervalId);
        var controller = window.AbortController ? new AbortController() : null;
        var timer = setTimeout(function () {
          if (controller) {
            controller.abort();
          }
        }, POLL_TIMEOUT_MS);
        // Not through the wrapped fetch below: a version request is not a refresh.
        return (original || window.fetch.bind(window))(VERSION_URL + "?lang=" + lang, {
          credentials: "same-origin",
          cache: "no-store",
          signal: controller ? controller.signal : undefined,
        })
          .then(function (response) {
            notice(false);
            return response.json().then(function (body) {
              if (response.ok && body && body.stale && body.badge) {
                return [none, badge(body.badge, true)];
              }
              if (!response.ok || !body || typeof body.version !== "number") {
                return [none, none]; // signed out: the Dash callbacks decide what is shown
              }
              return decide(body, shown, intervalId);
            });
          })
          .catch(function () {
            notice(true);
            return [none, none];
          })
          .then(function (result) {
            clearTimeout(timer);
            release(intervalId);
            return result;
          });
      },
    },
  });

  // The watched timers whose tick is among a callback request's inputs.
  function timersOf(init) {
    if (!init || typeof init.body !== "string") {
      return [];
    }
    var body;
    try {
      body = JSON.parse(init.body);
    } catch (e) {
      return [];
    }
    var found = [];
    [].concat.apply([], body.inputs || []).forEach(function (input) {
      if (!input || typeof input.id !== "string") {
        return;
      }
      var id = null;
      if (input.property === "n_intervals" && watched[input.id] !== undefined) {
        id = input.id;
      } else if (input.property === "data" && triggers[input.id] !== undefined) {
        id = triggers[input.id];
      } else if (input.property === "data" && /-trigger$/.test(input.id)) {
        // A page's first refresh may leave before its callbacks registered the trigger:
        // a trigger's id is its interval's with "-trigger" (dashboard/live_page.py).
        id = input.id.slice(0, -"-trigger".length);
      }
      if (id !== null && found.indexOf(id) < 0) {
        found.push(id);
      }
    });
    return found;
  }

  function hold(intervalId) {
    inFlight[intervalId] = (inFlight[intervalId] || 0) + 1;
    if (inFlight[intervalId] === 1) {
      setProps(intervalId, { disabled: true });
    }
  }

  function release(intervalId) {
    inFlight[intervalId] = Math.max(0, (inFlight[intervalId] || 0) - 1);
    if (busy(intervalId)) {
      return;
    }
    // Restarting the timer schedules the next tick one full interval from now.
    setProps(intervalId, { disabled: document.hidden });
    if (wakeLater[intervalId] && !document.hidden) {
      wakeLater[intervalId] = false;
      wake(intervalId);
    } else if (newsLater[intervalId] && news.version !== null) {
      newsLater[intervalId] = false;
      announce(news.version);
    }
  }

  if (!window.fetch || window.kippFetchWatched) {
    return;
  }
  window.kippFetchWatched = true;
  var english = new URLSearchParams(window.location.search).get("lang") === "en";
  var TEXT = english
    ? "The server cannot be reached — reconnecting…"
    : "Server tidak terjangkau — menyambung ulang…";
  var original = window.fetch.bind(window);

  function notice(show) {
    var el = document.getElementById("kipp-offline");
    if (!el) {
      if (!show) {
        return;
      }
      el = document.createElement("div");
      el.id = "kipp-offline";
      el.className = "kipp-offline";
      el.setAttribute("role", "status");
      el.textContent = TEXT;
      document.body.appendChild(el);
    }
    el.hidden = !show;
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (url.indexOf("_dash-update-component") < 0) {
      return original(input, init);
    }
    var timers = timersOf(init);
    timers.forEach(hold);
    function done() {
      timers.forEach(release);
    }
    return original(input, init).then(
      function (response) {
        notice(false);
        // The version the page shows once Dash applies this answer (X-Kipp-Shown), known
        // before the body is parsed: news of that version, held while the refresh was in
        // flight, then asks for nothing more.
        var shownVersion = parseInt(response.headers.get("X-Kipp-Shown") || "", 10);
        if (!isNaN(shownVersion)) {
          timers.forEach(function (id) {
            knownShown[id] = shownVersion;
          });
        }
        done();
        return response;
      },
      function (error) {
        notice(true);
        done();
        throw error;
      }
    );
  };
})();
