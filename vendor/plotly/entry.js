// The traces KIPP Live draws: bar (participation, ranking severity) and heatmap (the
// juror x innovation grid on `/`). A new trace type in dashboard/builders must be added here
// and the bundle rebuilt (`make plotly-bundle`); tests/test_page_weight.py lists the types the
// builders use and fails when one is missing.
"use strict";
var Plotly = require("plotly.js/lib/core");
Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/heatmap")]);
module.exports = Plotly;
