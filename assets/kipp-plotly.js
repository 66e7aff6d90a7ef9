/* KIPP Live: the graphs use plotly.js with only the traces the dashboard draws.
 *
 * dcc.Graph loads plotly.js the first time a page shows a graph, from the address in
 * window._dashPlotlyJSURL, which Dash's renderer sets once when it starts (Dash's full
 * bundle: 4.8 MB, 1.2 MB compressed). Before it starts, this makes that address point to
 * assets/vendor/plotly-kipp.min.js instead (bar and heatmap, 1.2 MB, 0.36 MB compressed;
 * built by vendor/plotly/build.sh), under whatever prefix the renderer gives. Pages
 * without a graph still load no plotly.js at all.
 */
(function () {
  "use strict";
  var FULL = "_dash-component-suites/plotly/package_data/plotly.min.js";
  var PARTIAL = "assets/vendor/plotly-kipp.min.js";
  var address = "/" + PARTIAL;
  Object.defineProperty(window, "_dashPlotlyJSURL", {
    configurable: false,
    get: function () {
      return address;
    },
    set: function (value) {
      address = String(value).replace(FULL, PARTIAL);
    },
  });
})();
