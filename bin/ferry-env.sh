# Sourced by the bin/ scripts: locates FerryMQ, Java, the runtime classpath of a module and the logs.
FERRY_HOME="${FERRY_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export FERRY_HOME

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi
if [ -z "$JAVA" ]; then
  echo "java not found: install Java 17 or set JAVA_HOME" >&2
  exit 1
fi

FERRY_LOG_DIR="${FERRY_LOG_DIR:-$HOME/logs/ferrymq}"

# ferry_jvm_options SERVER: the default JVM options of a server, from conf/SERVER.jvm.options.
ferry_jvm_options() {
  sed -e 's/#.*//' "$FERRY_HOME/conf/$1.jvm.options" | tr -s ' \n' '  ' | sed -e 's/^ *//' -e 's/ *$//'
}

# ferry_classpath MODULE: the module's jar plus its runtime dependencies (built by `mvn package`).
ferry_classpath() {
  local module="$1"
  local jar="$FERRY_HOME/$module/target/ferrymq-$module.jar"
  if [ ! -f "$jar" ] || [ ! -d "$FERRY_HOME/$module/target/lib" ]; then
    echo "FerryMQ is not built ($jar missing): run 'mvn -B -DskipTests package' in $FERRY_HOME" >&2
    exit 1
  fi
  echo "$jar:$FERRY_HOME/$module/target/lib/*"
}

# JVM options every server start shares (and its class-data archive was made with): SLF4J is told its
# provider, so it does not scan every jar of the class path for one (and does not say so on the console).
FERRY_STARTUP_OPTS="-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider -Dslf4j.internal.verbosity=WARN"

# ferry_cds_file MODULE: where the module's class-data sharing archive lives (bin/ferry-cds-archive).
ferry_cds_file() {
  echo "${FERRY_CDS_DIR:-$FERRY_HOME/$1/target/cds}/$1.jsa"
}

# ferry_java_id: the JVM installation that runs the servers (an archive only fits the JVM that made it).
ferry_java_id() {
  readlink -f "$JAVA" 2>/dev/null || echo "$JAVA"
}

# ferry_cds_opts MODULE: the JVM option that maps the module's class-data archive, or nothing when there
# is no archive or it cannot be trusted: made by another JVM, older than a jar of the class path, or not
# the size it was written with (a cut-off archive crashes the JVM instead of being ignored). FERRY_CDS=off
# never uses one. Shell built-ins where they do (this runs on every start).
ferry_cds_opts() {
  local module="$1" jsa id="" jar
  jsa="$(ferry_cds_file "$module")"
  [ "${FERRY_CDS:-on}" != off ] && [ -s "$jsa" ] || return 0
  read -r id 2>/dev/null < "$jsa.id" || true
  for jar in "$FERRY_HOME/$module/target/ferrymq-$module.jar" "$FERRY_HOME/$module/target/lib/"*.jar; do
    if [ "$jar" -nt "$jsa" ]; then id=stale; break; fi
  done
  if [ "$id" != "$(( $(wc -c < "$jsa") )) $(ferry_java_id)" ]; then
    echo "class-data archive $jsa is stale or damaged: starting without it (bin/ferry-cds-archive $module makes a new one)" >&2
    return 0
  fi
  echo "-XX:SharedArchiveFile=$jsa"
}
