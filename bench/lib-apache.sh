# Shared by bench/compare and bench/interop-apache (sourced, not run): fetching Apache RocketMQ's
# name server and broker from Maven Central, building FerryMQ, and starting either system's servers
# inside a private network namespace (Apache's broker binds its HA port on every address, so nothing
# may run outside the namespace).
#
# The caller sets before using the server functions:
#   root         the FerryMQ checkout
#   ns           the network namespace's name (netns_up creates it; the caller deletes it on exit)
#   pgids=()     every spawned server's process group is appended here, for the caller's cleanup
#   namesrv_jvm, broker_jvm   JVM options of the servers
#   tx_timeout_ms             the brokers' transactionTimeOut
#   jfr_dir      a directory for FerryMQ brokers' flight recordings, or empty
# Apache's jars are fetched once into ${FERRY_BENCH_CACHE:-~/.cache/ferrymq-bench}.

cache="${FERRY_BENCH_CACHE:-$HOME/.cache/ferrymq-bench}"
apache_version=5.2.0
apache_lib="$cache/apache-$apache_version/lib"
# Apache RocketMQ 5.2.0 reflects into NIO internals (mapped-buffer cleaning) on Java 17.
apache_opens="--add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
inns() { ip netns exec "$ns" "$@"; }
now_ms() { date +%s%3N; }

# ---- preparation --------------------------------------------------------------------------------
fetch_apache() {
  [ -f "$apache_lib/.complete" ] && return 0
  log "fetching Apache RocketMQ $apache_version (namesrv, broker and their runtime dependencies) into $cache"
  mkdir -p "$cache/apache-$apache_version"
  cat > "$cache/apache-$apache_version/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.bench</groupId>
  <artifactId>apache-rocketmq-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>rocketmq-namesrv</artifactId><version>$apache_version</version></dependency>
    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>rocketmq-broker</artifactId><version>$apache_version</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$apache_lib"
  (cd "$cache/apache-$apache_version" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DoutputDirectory=lib -DincludeScope=runtime) >&2
  ls "$apache_lib"/rocketmq-broker-"$apache_version".jar >/dev/null
  touch "$apache_lib/.complete"
}

build_ferry() {
  local stamp="$root/bench/target/.compare-built"
  if [ ! -f "$stamp" ] || [ ! -f "$root/broker/target/ferrymq-broker.jar" ] || [ ! -f "$root/namesrv/target/ferrymq-namesrv.jar" ] \
     || [ -n "$(find "$root"/pom.xml "$root"/*/pom.xml "$root"/*/src/main -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    log "building FerryMQ (mvn -B -q -DskipTests package)"
    (cd "$root" && { mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package; }) >&2
    touch "$stamp"
  fi
}

netns_up() {
  ip netns add "$ns"
  inns ip link set lo up
}

# ---- one server pair ----------------------------------------------------------------------------
port_open() { inns bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

await_port() { # port pid what logfile
  for _ in $(seq 1 600); do
    port_open "$1" && return 0
    kill -0 "$2" 2>/dev/null || { tail -20 "$4" >&2; log "$3 exited while starting"; return 1; }
    sleep 0.1
  done
  log "$3 did not listen on $1 within 60 s"; return 1
}

spawn() { # logfile command... ; sets last_pid (= its process group id, thanks to setsid)
  local logfile="$1"; shift
  # ip and setsid exec in place (no function or subshell between), so $! is the server's own pid
  ip netns exec "$ns" setsid "$@" > "$logfile" 2>&1 < /dev/null &
  last_pid=$!
  pgids+=("$last_pid")
}

stop_group() { # pid [grace seconds]
  local pid="$1" grace="${2:-10}"
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((grace * 10))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start_namesrv() { # system dir; sets last_pid
  local sys="$1" dir="$2"
  if [ "$sys" = ferry ]; then
    printf 'listenPort=9876\nbindAddress=127.0.0.1\nkvConfigPath=%s/kv.json\n' "$dir" > "$dir/namesrv.conf"
    JAVA_OPT="$namesrv_jvm" FERRY_LOG_DIR="$dir/logs" spawn "$dir/namesrv.out" "$root/bin/mqnamesrv" -c "$dir/namesrv.conf"
  else
    spawn "$dir/namesrv.out" java $namesrv_jvm $apache_opens -Duser.home="$dir/home" -Drocketmq.home.dir="$dir/home" \
      -cp "$apache_lib/*" org.apache.rocketmq.namesrv.NamesrvStartup
  fi
}

write_broker_conf() { # system dir flush
  local sys="$1" dir="$2" flush="$3"
  {
    echo "brokerClusterName=DefaultCluster"
    echo "brokerName=broker-a"
    echo "brokerId=0"
    echo "listenPort=10911"
    echo "brokerIP1=127.0.0.1"
    echo "namesrvAddr=127.0.0.1:9876"
    echo "storePathRootDir=$dir/store"
    echo "flushDiskType=$flush"
    echo "autoCreateTopicEnable=true"
    echo "autoCreateSubscriptionGroup=true"
    echo "transactionTimeOut=$tx_timeout_ms"
    if [ "$sys" = ferry ]; then
      echo "fastListenPort=-1"
    else
      echo "storePathCommitLog=$dir/store/commitlog"
    fi
  } > "$dir/broker.conf"
}

start_broker() { # system dir tag; sets last_pid
  local sys="$1" dir="$2" tag="$3"
  if [ "$sys" = ferry ]; then
    local jfr=""
    [ -n "$jfr_dir" ] && jfr="-XX:StartFlightRecording=filename=$jfr_dir/ferry-$tag.jfr,settings=profile,dumponexit=true"
    JAVA_OPT="$broker_jvm $jfr" FERRY_LOG_DIR="$dir/logs" spawn "$dir/broker.out" "$root/bin/mqbroker" -c "$dir/broker.conf"
  else
    spawn "$dir/broker.out" java $broker_jvm $apache_opens -Duser.home="$dir/home" -Drocketmq.home.dir="$dir/home" \
      -cp "$apache_lib/*" org.apache.rocketmq.broker.BrokerStartup -c "$dir/broker.conf"
  fi
}
