#!/usr/bin/env bash
# Builds Parley, extracts the jar (class-data sharing and the AOT cache hold classes from jars only), runs a
# training workload on it and writes the cache: on JDK 25+, an AOT cache (JEP 483/514/515: classes loaded and
# linked, and method profiles, so that the JIT compiles the delivery path sooner); on an older JDK, a dynamic CDS
# archive (classes only: expected to shorten the start, not the first minute). See docs/operations.md, "Production runtime".
#
#   scripts/aot-cache.sh                 # writes target/aot/app/ (the extracted app) and target/aot/parley.aot
#   PARLEY_JAVA=/path/to/bin/java scripts/aot-cache.sh
#   TRAINING=startup scripts/aot-cache.sh   # train on start-up only (spring.context.exit=onRefresh), no load
#
# Then run Parley with the same java, from the extracted jar, with the cache:
#   $JAVA -XX:AOTCache=$PWD/target/aot/parley.aot -jar $PWD/target/aot/app/parley-<version>.jar [--option=value ...]
# (scripts/run-parley.sh does that.) The cache is valid only for the same JDK build, the same jars at the same
# absolute paths and compatible JVM options (G1, the default; compressed headers on or off as trained); otherwise the JVM
# says so (-Xlog:aot) and runs without it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/parley-java.sh

OUT=${OUT:-target/aot}
TRAINING=${TRAINING:-load}
# the training load: the benchmark's fan-out (1,000 sessions connect and subscribe, then ~60 s of sends, stores
# and fan-out at 2,000 and 5,000 delivered/s)
TRAINING_ARGS=${TRAINING_ARGS:-"targets=embedded scenarios=fanout sessions=1000 rates=2000,5000 warmup-seconds=30 step-warmup-seconds=5 step-seconds=10 keep-going=true"}

echo "JDK for Parley: $PARLEY_JAVA (feature release $PARLEY_JAVA_FEATURE)"
./mvnw -q -DskipTests package
jar=$(ls target/parley-*.jar | grep -v -- '-plain\.jar$' | head -n 1)
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd) # absolute: the cache records the jars' paths and is used only with them
"$PARLEY_JAVA" -Djarmode=tools -jar "$jar" extract --destination "$OUT/app"
app="$OUT/app/$(basename "$jar")"
if [ "$PARLEY_JAVA_FEATURE" -ge 25 ]; then
  cache=$OUT/parley.aot
  record="-XX:AOTCacheOutput=$cache"
else
  cache=$OUT/parley.jsa
  record="-XX:ArchiveClassesAtExit=$cache"
  echo "JDK $PARLEY_JAVA_FEATURE has no AOT cache (JDK 25+): writing a CDS archive of the classes only" >&2
fi

started=$(date +%s)
if [ "$TRAINING" = startup ]; then
  # Spring Boot's own training: start the context and exit (covers start-up, not the delivery path)
  "$PARLEY_JAVA" -XX:+UseG1GC "$record" -Dspring.context.exit=onRefresh -jar "$app" \
    --parley.data-dir="$(mktemp -d)" --server.port=0 --logging.level.root=WARN
else
  # the benchmark's generator (on the build's JDK) drives a node started from the extracted jar; at the end it
  # stops the node with SIGTERM, and the JVM writes the cache as it exits
  ./mvnw -q dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test >/dev/null
  java -Xmx3g -XX:+UseG1GC -cp "$(cat "$OUT/cp.txt"):target/classes:target/test-classes" dev.parley.bench.Benchmark \
    $TRAINING_ARGS server-java="$PARLEY_JAVA" server-jar="$app" "server-jvm=$record" out="$OUT/training"
fi
test -s "$cache" || { echo "no cache was written at $cache" >&2; exit 1; }
echo "wrote $cache ($(du -h "$cache" | cut -f1)) for $app in $(( $(date +%s) - started )) s of training"
