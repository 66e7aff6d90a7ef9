#!/bin/sh
# Rebuild assets/vendor/plotly-kipp.min.js: plotly.js 4.1.1 (the version Dash's full bundle
# is, plotly 7.1.0's package_data) with only the trace types in entry.js, and check it
# against the SHA-256 recorded in SHA256SUMS. Run by `make plotly-bundle`; needs node and
# npm, which nothing else needs: the built file is committed and the app never runs npm.
#
# Sources, all from the npm registry, each checked by npm against package-lock.json:
#   plotly.js 4.1.1  sha512-fYLAOj091/+M4h1rmtVIkRIpdkz5/P9IdNUeB9wKmCUyvewuUdlCYR5ryqDWP7Cb36Dn4EvSrs6YKvRJ9ukNdQ==
#   esbuild 0.25.12  sha512-bbPBYYrtZbkt6Os6FiTLCTFxvq4tt3JKall1vRwshA3fdVztsLAatFaZobhkBC8/BrPetoa0oksYoKXoG4ryJg==
# Options as plotly.js's own dist build (its esbuild-config.js: iife, global Plotly,
# es2016, global -> window) plus minify; none of its plugins is needed for bar and heatmap
# (no GLSL, no NODE_DEBUG; the one CSS file reached, maplibre-gl's for map traces, is left out).
# UPDATE=1 writes the new hash into SHA256SUMS instead of checking it (after a change of
# entry.js or of a version, reviewed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../assets/vendor/plotly-kipp.min.js"
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts --silent
{
  printf '/* plotly.js v4.1.1 (MIT, Copyright 2012-2026 Plotly, Inc.), partial bundle: bar, heatmap.\n'
  printf '   Built by vendor/plotly/build.sh from the npm registry; do not edit. */\n'
  node_modules/.bin/esbuild entry.js --bundle --format=iife --global-name=Plotly --minify \
    --target=es2016 --define:global=window --define:define.amd=false --loader:.css=empty --legal-comments=eof \
    --log-level=warning
} >"$out.tmp"
mv "$out.tmp" "$out"
cd "$here/../.."
if [ "${UPDATE:-}" = 1 ]; then
  sha256sum assets/vendor/plotly-kipp.min.js >vendor/plotly/SHA256SUMS
fi
sha256sum -c vendor/plotly/SHA256SUMS
