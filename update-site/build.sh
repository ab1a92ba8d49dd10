#!/usr/bin/env bash
# Lays out a Fiji update-site folder in update-site/site/ (git-ignored):
#   site/plugins/LabelFit_-<version>.jar   the Fiji plugin jar (target/, from mvn package)
#   site/jars/*.jar                         runtime dependencies that Fiji does not ship
# Builds the plugin jar first (mvn -B -q -DskipTests package) if it is missing.
# See update-site/README.md for publishing it.
set -euo pipefail

here="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
site="$here/site"
cd "$root"

# groupId:artifactId of runtime dependencies that a current Fiji already ships
# (their versions are the ones pom-scijava manages, which is what Fiji is built
# from). Everything else that LabelFit needs at run time goes into jars/.
fiji_provided=(
  org.scijava:scijava-common
  org.scijava:parsington
  net.imglib2:imglib2
  net.imagej:ij
  com.google.code.gson:gson
  net.java.dev.jna:jna
  org.apache.commons:commons-compress
  commons-io:commons-io
  commons-codec:commons-codec
  org.slf4j:slf4j-api
)

# (Maven 3.8 may wrap the value in ANSI reset codes even with -B: strip them.)
final_name="$(mvn -B -q help:evaluate -Dexpression=project.build.finalName -DforceStdout \
  | sed 's/\x1b\[[0-9;]*m//g')"
plugin_jar="target/$final_name.jar"
if [ ! -f "$plugin_jar" ]; then
  echo "update-site: $plugin_jar not found; running 'mvn -B -q -DskipTests package'" >&2
  mvn -B -q -DskipTests package
fi
[ -f "$plugin_jar" ] || { echo "update-site: $plugin_jar still missing" >&2; exit 1; }
if ! unzip -l "$plugin_jar" plugins.config >/dev/null 2>&1; then
  echo "update-site: warning: $plugin_jar has no plugins.config at its root" >&2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Repository layout (<group/path>/<artifactId>/<version>/<file>) so that each
# jar's groupId and artifactId can be read from its path.
mvn -B -q dependency:copy-dependencies -DincludeScope=runtime \
  -Dmdep.useRepositoryLayout=true -DoutputDirectory="$tmp"

rm -rf "$site"
mkdir -p "$site/plugins" "$site/jars"
cp "$plugin_jar" "$site/plugins/"

while IFS= read -r -d '' f; do
  rel="${f#"$tmp"/}"
  vdir="$(dirname "$rel")"            # group/path/artifactId/version
  adir="$(dirname "$vdir")"           # group/path/artifactId
  artifact="$(basename "$adir")"
  group="$(dirname "$adir" | tr / .)"
  skip=""
  for ga in "${fiji_provided[@]}"; do
    if [ "$ga" = "$group:$artifact" ]; then skip=1; break; fi
  done
  if [ -n "$skip" ]; then
    echo "  skip  $group:$artifact ($(basename "$f"); Fiji ships it)"
  else
    echo "  jars/ $group:$artifact ($(basename "$f"))"
    cp "$f" "$site/jars/"
  fi
done < <(find "$tmp" -name '*.jar' -print0 | sort -z)

echo "update-site: laid out $site"
(cd "$site" && find . -type f -name '*.jar' | sort | while read -r j; do
  printf '  %8s  %s\n' "$(du -h "$j" | cut -f1)" "${j#./}"
done)
