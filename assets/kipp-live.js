/* KIPP Live: pause a page's refresh timer while its tab is hidden, refresh at once on return. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  kipp: {
    watchVisibility: function (intervalId, wakeId) {
      window.kippWatched = window.kippWatched || {};
      if (!window.kippWatched[intervalId]) {
        window.kippWatched[intervalId] = true;
        document.addEventListener("visibilitychange", function () {
          var setProps = window.dash_clientside.set_props;
          if (!setProps) {
            return;
          }
          try {
            setProps(intervalId, { disabled: document.hidden });
            if (!document.hidden) {
              setProps(wakeId, { data: Date.now() });
            }
          } catch (e) {
            /* the page was left: its components are gone */
          }
        });
      }
      return document.hidden;
    },
  },
});

/* When the server cannot be reached, say so on every page (a failed refresh, or a click on
   /kendali, would otherwise do nothing visible); the notice goes once the server answers. */
(function () {
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
    var pending = original(input, init);
    if (url.indexOf("_dash-update-component") < 0) {
      return pending;
    }
    return pending.then(
      function (response) {
        notice(false);
        return response;
      },
      function (error) {
        notice(true);
        throw error;
      }
    );
  };
})();
