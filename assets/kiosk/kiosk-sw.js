/* KIPP Live ceremony screen: a service worker that lets /kiosk open while the server is away.
 *
 * The page and its static parts (Dash's scripts, the kiosk's CSS and JS, the empty
 * layout) are fetched from the network first and kept (on the first visit, before this
 * worker existed, kiosk.js keeps them in the same cache); when the network fails, the
 * kept copy answers, so the screen comes up with its clock and a "menyambung ulang…"
 * notice and carries on by itself once the server is back. Data (the state poll,
 * callbacks, photos, logos) is never kept: it is only ever fresh from the server.
 */
"use strict";

var CACHE = "kipp-kiosk-v1";
var NEVER = [
  /^\/kiosk\/api\//,
  /^\/kiosk\/_dash-update-component/,
  /^\/kiosk\/photo\//,
  /^\/kiosk\/logo\//,
];

self.addEventListener("install", function () {
  self.skipWaiting();
});

// No clients.claim(): the page that registered this worker keeps its own files (kiosk.js);
// its later requests go to the server directly, and the next load comes through here.

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
