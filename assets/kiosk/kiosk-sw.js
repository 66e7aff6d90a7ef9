/* KIPP Live ceremony screen: a service worker that lets /kiosk open while the server is away.
 *
 * The page and its static parts (Dash's scripts, the kiosk's CSS and JS, the empty
 * layout) are fetched from the network first and kept; when the network fails, the
 * kept copy answers, so the screen comes up with its clock and a "menyambung ulang…"
 * notice and carries on by itself once the server is back. Data (the state poll,
 * callbacks, photos) is never kept: it is only ever fresh from the server.
 */
"use strict";

var CACHE = "kipp-kiosk-v1";
var NEVER = [/^\/kiosk\/api\//, /^\/kiosk\/_dash-update-component/, /^\/kiosk\/photo\//];

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function keepable(url) {
  if (url.origin !== self.location.origin) {
    return false;
  }
  if (!(url.pathname === "/kiosk" || url.pathname.indexOf("/kiosk/") === 0)) {
    return false;
  }
  return !NEVER.some(function (pattern) {
    return pattern.test(url.pathname);
  });
}

// The page hands over the addresses it loaded before this worker existed.
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  var source = event.source;
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return Promise.all(
          urls
            .filter(function (url) {
              return keepable(new URL(url));
            })
            .map(function (url) {
              return fetch(url, { credentials: "same-origin" })
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
      })
      .then(function () {
        if (source) {
          source.postMessage({ kept: urls.length });
        }
      })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (!keepable(url)) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (response.ok && response.type === "basic") {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) {
            cache.put(request, copy);
          });
        }
        return response;
      })
      .catch(function () {
        return caches.open(CACHE).then(function (cache) {
          return cache
            .match(request)
            .then(function (hit) {
              // The page may be asked for with another query (token, theme): any kept one will do.
              return hit || cache.match(request, { ignoreSearch: true });
            })
            .then(function (hit) {
              return hit || Response.error();
            });
        });
      })
  );
});
