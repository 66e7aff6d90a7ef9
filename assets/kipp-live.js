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
