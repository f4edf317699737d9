#!/usr/bin/env bash
# Runs Parley from the extracted jar with the cache that scripts/aot-cache.sh wrote, on the JDK it was trained on
# (JDK 25 where installed, docs/operations.md "Production runtime"); without a cache, from the packaged jar.
#   scripts/run-parley.sh [--option=value ...]      (JAVA_OPTS: more JVM options, e.g. JAVA_OPTS=-Xmx2g)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/parley-java.sh
OUT=$(cd "${OUT:-target/aot}" 2>/dev/null && pwd || echo "${OUT:-target/aot}") # the cache's own (absolute) paths
app=$(ls "$OUT"/app/parley-*.jar 2>/dev/null | head -n 1 || true)
# shellcheck disable=SC2086
if [ "$PARLEY_JAVA_FEATURE" -ge 25 ] && [ -n "$app" ] && [ -s "$OUT/parley.aot" ]; then
  exec "$PARLEY_JAVA" ${JAVA_OPTS:-} -XX:AOTCache="$OUT/parley.aot" -jar "$app" "$@"
elif [ -n "$app" ] && [ -s "$OUT/parley.jsa" ]; then
  exec "$PARLEY_JAVA" ${JAVA_OPTS:-} -XX:SharedArchiveFile="$OUT/parley.jsa" -jar "$app" "$@"
else
  echo "no cache for JDK $PARLEY_JAVA_FEATURE in $OUT (scripts/aot-cache.sh writes one): running without" >&2
  jar=$(ls target/parley-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)
  [ -n "$jar" ] || { echo "no jar: ./mvnw -DskipTests package first" >&2; exit 1; }
  exec "$PARLEY_JAVA" ${JAVA_OPTS:-} -jar "$jar" "$@"
fi
