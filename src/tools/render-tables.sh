#!/usr/bin/env bash
# Renders each shipped decision table to docs/images/<table>.png, the pictures in the analyst guide: LibreOffice
# (headless) writes the sheet as HTML, headless Chromium screenshots it, ImageMagick trims the margin.
# Needs soffice (libreoffice-calc), chromium and convert (imagemagick). Run from the repository root after a table's
# layout changes:   bash src/tools/render-tables.sh
set -euo pipefail
out=${OUT:-docs/images}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for xlsx in decision-tables/io/policyrouter/policy/*.drl.xlsx; do
  name=$(basename "$xlsx" .drl.xlsx)
  soffice --headless --convert-to html --outdir "$tmp" "$xlsx" >/dev/null 2>&1
  # one compact sans-serif font, so the picture stays readable at the width a Markdown page shows
  sed -i 's#</head>#<style>body, td { font: 11px "DejaVu Sans", sans-serif; } td { padding: 1px 4px; }</style></head>#I' \
    "$tmp/$name.drl.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1600,1200 \
    --screenshot="$tmp/$name.png" "file://$tmp/$name.drl.html" >/dev/null 2>&1
  convert "$tmp/$name.png" -trim +repage -bordercolor white -border 8 "$out/$name.png"
  echo "wrote $out/$name.png"
done
