#!/usr/bin/env bash
# Vendors the explorer's front-end libraries from the npm registry into api/explorer/vendor/.
#
# The vendored files are committed, so `make run` and `make test` never need node or npm;
# run this script only to upgrade a library (edit package.json, `npm install`, then this).
# It installs exactly what package-lock.json pins (npm ci) and copies each package's ES
# module build with its licence. No bundler: the page loads the modules through the import
# map in api/explorer/index.html, whose entries match the folders written here.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "build-explorer: npm is missing (apt-get install npm)" >&2; exit 2; }

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

out=api/explorer/vendor
rm -rf "$out"
mkdir -p "$out"

# package  file inside the package (its ES module entry)  ->  vendor/<package>/<file name>
files=(
  "@codemirror/state        dist/index.js"
  "@codemirror/view         dist/index.js"
  "@codemirror/language     dist/index.js"
  "@codemirror/commands     dist/index.js"
  "@codemirror/autocomplete dist/index.js"
  "@codemirror/search       dist/index.js"
  "@codemirror/lint         dist/index.js"
  "@codemirror/streamparser dist/index.js"
  "@codemirror/legacy-modes mode/sparql.js"
  "@lezer/common            dist/index.js"
  "@lezer/highlight         dist/index.js"
  "@marijn/find-cluster-break src/index.js"
  "codemirror               dist/index.js"
  "style-mod                src/style-mod.js"
  "w3c-keyname              index.js"
  "crelt                    index.js"
  "cytoscape                dist/cytoscape.esm.min.mjs"
)
manifest="$out/MANIFEST.txt"
echo "# Vendored by scripts/build-explorer.sh from the npm registry (package-lock.json); package version file" > "$manifest"
for entry in "${files[@]}"; do
  read -r pkg file <<<"$entry"
  src="node_modules/$pkg"
  [ -f "$src/$file" ] || { echo "build-explorer: $src/$file is missing (is package-lock.json up to date?)" >&2; exit 2; }
  mkdir -p "$out/$pkg"
  cp "$src/$file" "$out/$pkg/"
  for lic in LICENSE LICENSE.md LICENSE.txt LICENCE; do
    [ -f "$src/$lic" ] && cp "$src/$lic" "$out/$pkg/LICENSE" && break
  done
  [ -f "$out/$pkg/LICENSE" ] || { echo "build-explorer: no licence file in $src" >&2; exit 2; }
  version=$(node -p "require('./$src/package.json').version")
  echo "$pkg $version $(basename "$file")" >> "$manifest"
done
echo "build-explorer: vendored ${#files[@]} packages into $out"
