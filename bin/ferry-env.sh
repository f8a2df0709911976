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
