# Sourced by the bench scripts: one Ardoise node with its embedded Cassandra under .run/bench,
# on ports of its own. start_node and stop_node may be called repeatedly; data stays between them.
# By default the node and its Cassandra are pinned to core 0 and load generators to core 1;
# BENCH_PIN=off lets every process use both cores.

# BENCH_PORT_OFFSET moves every port by that much, for two benches on one machine at once.
run=.run/bench
offset=${BENCH_PORT_OFFSET:-0}
export ARDOISE_API_KEY=bench-api-key
export ARDOISE_TOKEN_SECRET=bench-token-secret-0123456789
export ARDOISE_HTTP_PORT=$((8090 + offset))
export ARDOISE_PUBLIC_URL=http://127.0.0.1:$ARDOISE_HTTP_PORT
export ARDOISE_REMOTE_PORT=$((25590 + offset))
export ARDOISE_EMBEDDED_CASSANDRA=on
export ARDOISE_CASSANDRA_DIR="$run/cassandra"
export ARDOISE_CASSANDRA_PORT=$((9142 + offset))
export ARDOISE_CASSANDRA_STORAGE_PORT=$((7100 + offset))
# Every load client comes from 127.0.0.1: the per-address admission limits, sized for one school's NAT
# address, would throttle a thousand simulated students of many schools.
export ARDOISE_MAX_SOCKETS_PER_ADDRESS=1000000
export ARDOISE_WEBSOCKETS_PER_ADDRESS_PER_SECOND=1000000
export ARDOISE_WEBSOCKETS_PER_ADDRESS_BURST=1000000
node_url=http://127.0.0.1:$ARDOISE_HTTP_PORT

if [[ "${BENCH_PIN:-on}" == on ]]; then
  node_pin=(taskset -c 0) load_pin=(taskset -c 1) node_cpus=(-XX:ActiveProcessorCount=1)
else
  node_pin=() load_pin=() node_cpus=()
fi

fresh_run_dir() {
  rm -rf "$run" && mkdir -p "$run"
}

start_node() {
  "${node_pin[@]}" java @cluster/jvm.options "${node_cpus[@]}" ${BENCH_SERVER_OPTS:-} \
    -cp "cluster/target/classes:cluster/target/lib/*" app.ardoise.cluster.Main >> "$run/server.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 600); do
    curl -sf "$node_url/health/ready" >/dev/null && return 0
    sleep 0.2
  done
  tail -30 "$run/server.log"
  return 1
}

stop_node() {
  kill "$node_pid" 2>/dev/null || true
  wait "$node_pid" 2>/dev/null || true
}

describe_machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1)"
}
