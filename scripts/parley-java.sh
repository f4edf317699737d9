# Sourced by the scripts: chooses the JDK that runs Parley. PARLEY_JAVA if set; else the newest of the JDK 25
# installs below and the default java. Parley is built for Java 17 bytecode and runs on 17+; JDK 25 is the
# production runtime (its AOT cache shortens the first minute after a start, docs/operations.md).
# Sets PARLEY_JAVA and PARLEY_JAVA_FEATURE (e.g. 25).
java_feature() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}
if [ -z "${PARLEY_JAVA:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/java-25-openjdk-amd64/bin/java \
    "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      PARLEY_JAVA=$candidate
      break
    fi
  done
fi
PARLEY_JAVA_FEATURE=$(java_feature "$PARLEY_JAVA")
if [ "${PARLEY_JAVA_FEATURE:-0}" -lt 25 ]; then
  echo "note: $PARLEY_JAVA is JDK $PARLEY_JAVA_FEATURE, not JDK 25+ (the production runtime; none was found or" \
    "PARLEY_JAVA chose this one): no AOT cache, only class-data sharing" >&2
fi
export PARLEY_JAVA PARLEY_JAVA_FEATURE
