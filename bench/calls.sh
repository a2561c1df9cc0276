# bench/calls.sh -- the call-protocol rows of bench/run.sh (sourced by it; uses its helpers):
#   calls:   one control channel, 64 calls in flight to /node/ping: calls/s; p50/p99 at a fixed 5,000 calls/s;
#            the same workload as gRPC-java unary calls over TLS on loopback, ratio printed
#   cluster: a 2-member cluster; a worker (`alknet worker`) on head B; /hop/node/ping called through head B
#            (worker local) and through head A (one cluster hop) at BENCH_HOP_RATE (default 1,000) calls/s: added p50; then 1,000 workers registered on
#            head B (bench/calls Workers, one JVM): heap per worker on the head, and one of them called through A
# The load generators are the bench-only Maven project bench/calls (gRPC is its dependency, never the product's).

CALLS_CP=""          # class path of bench/calls, set by build_call_bench
CALLS_DOWN=""        # why bench/calls is not available

# build_call_bench: compiles bench/calls against the jar under test; sets CALLS_CP or CALLS_DOWN
build_call_bench() {
  [[ -z $CALLS_CP && -z $CALLS_DOWN ]] || return 0
  if [[ ! -f $TMP/alknet.jar ]]; then CALLS_DOWN="$JAR missing"; return 1; fi
  log "building bench/calls (gRPC reference and call load generators)"
  if ! mvn -q -B -f "$BENCH_DIR/calls/pom.xml" package -Dalknet.jar="$TMP/alknet.jar" >"$TMP/calls-build.log" 2>&1; then
    CALLS_DOWN="mvn -f bench/calls/pom.xml package: $(grep -m1 ERROR "$TMP/calls-build.log" | cut -c1-160)"; return 1
  fi
  CALLS_CP="$TMP/alknet.jar:$BENCH_DIR/calls/target/classes:$(<"$BENCH_DIR/calls/target/classpath.txt")"
}

CALL_LOAD_ARGS=()    # --seconds etc. by mode, set by call_load_args RATE
call_load_args() {
  if [[ $MODE == full ]]; then CALL_LOAD_ARGS=(--warmup-seconds 20 --seconds 20 --rate "$1" --rate-seconds 20)
  else CALL_LOAD_ARGS=(--warmup-seconds 10 --seconds 10 --rate "$1" --rate-seconds 10); fi
}
# The hop row's fixed rate: well under what a hop through two heads carries here (~4,000 calls/s with four JVMs
# on 2 cores), so p50 measures the hop and not a queue
HOP_RATE=${BENCH_HOP_RATE:-1000}

# call_load KEY PIDS KIND ARGS...: one CallBench load run (KIND alknet|grpc); appends to $RES/KEY
# "calls_per_s p50_ms p99_ms cpu_ms_per_1000_calls failures": CPU of the PIDS' trees (the server side) over every
# call of the run (warm-up, closed and open loop)
call_load() {
  local key=$1 pids=$2 kind=$3 out c0 c1; shift 3
  c0=$(cpu_of "$pids")
  out=$("$JAVA" -cp "$CALLS_CP" bench.calls.CallBench "$kind" "$@" "${CALL_LOAD_ARGS[@]}" 2>"$TMP/$key.load.log") || {
    echo "$(last_line "$TMP/$key.load.log")" >"$RES/$key.err"; return 1; }
  c1=$(cpu_of "$pids")
  local calls; calls=$(grep '^total' <<<"$out" | grep -o ' calls=[0-9]*' | cut -d= -f2)
  echo "$(field calls_per_s "$out") $(field p50_ms "$out") $(field p99_ms "$out")" \
       "$(awk -v a="$c0" -v b="$c1" -v n="$calls" 'BEGIN {if (n > 0) printf "%.1f", (b - a) * 1e6 / n; else print "n/a"}')" \
       "$(field failures "$(grep '^latency' <<<"$out")")" >>"$RES/$key"
}

# call_summary KEY -> "calls/s p50 p99 cpu" (medians over the repetitions) or empty
call_summary() {
  [[ -s $RES/$1 ]] || return 0
  local col out=""
  for col in 1 2 3 4; do out+="$(sort -g -k$col "$RES/$1" | awk -v c=$col '{v[NR] = $c} END {print v[int((NR + 1) / 2)]}') "; done
  echo "${out% }"
}

# start_grpc_server: the gRPC reference server (TLS, the run's certificate); sets GRPC_PORT and GRPC_PID
start_grpc_server() {
  rm -f "$TMP/grpc.port"
  start_bg grpc-server "$JAVA" -cp "$CALLS_CP" bench.calls.CallBench grpc-server --port-file "$TMP/grpc.port" \
    --cert "$TMP/tls_cert.pem" --key "$TMP/tls_key.pem"
  GRPC_PID=$LAST_PID
  wait_log . "$TMP/grpc.port" "$GRPC_PID" "$START_TIMEOUT" || return 1
  GRPC_PORT=$(<"$TMP/grpc.port")
}

# run_calls: alknet serve + CallBench over one session, against the gRPC server + CallBench, alternating
# repetition by repetition (REPS each)
run_calls() {
  OK=(); SIDE_DOWN=()
  call_load_args 5000
  if ! build_call_bench; then echo "call protocol: n/a ($CALLS_DOWN)"; return; fi
  [[ -s $TMP/tls_cert.pem || -n $TLS_DOWN ]] || make_tls_cert
  local grpc_up=0 alk_up=0 rep
  if [[ -z $TLS_DOWN ]] && start_grpc_server; then grpc_up=1; fi
  transport_args tcp
  if SERVER_ONLY=1 start_alknet "$TRANSPORT_CIPHER" tcp alknet-calls; then alk_up=1; fi
  for ((rep = 1; rep <= REPS; rep++)); do
    log "calls: repetition $rep of $REPS"
    if ((alk_up)); then
      call_load calls.alknet "${SIDE_SERVER[alknet-calls]}" alknet --server "127.0.0.1:${SIDE_PORT[alknet-calls]}" \
        --identity "$TMP/client_ed25519" --user bench --cipher "$TRANSPORT_CIPHER" || alk_up=0
    fi
    if ((grpc_up)); then
      call_load calls.grpc "$GRPC_PID" grpc --target "127.0.0.1:$GRPC_PORT" --ca "$TMP/tls_cert.pem" || grpc_up=0
    fi
  done
  stop_side alknet-calls
  [[ -n ${GRPC_PID:-} ]] && stop_pid "$GRPC_PID"
  local a g
  read -r -a a <<<"$(call_summary calls.alknet)"; read -r -a g <<<"$(call_summary calls.grpc)"
  if ((${#a[@]})); then
    echo "call protocol: alknet ${a[0]} calls/s (64 in flight, one control channel), at 5000 calls/s p50 ${a[1]} ms," \
         "p99 ${a[2]} ms; cpu ms/1000 calls ${a[3]} (server) (target >= 50000 calls/s, p99 < 2 ms);" \
         "$(check "${a[0]} >= 50000 && ${a[2]} < 2")"
  else
    echo "call protocol: alknet n/a (${SIDE_DOWN[alknet-calls]:-$(cat "$RES/calls.alknet.err" 2>/dev/null)}); MISS"
  fi
  if ((${#g[@]})); then
    echo "call protocol vs gRPC: grpc-java over TLS ${g[0]} calls/s, at 5000 calls/s p50 ${g[1]} ms, p99 ${g[2]} ms;" \
         "cpu ms/1000 calls ${g[3]} (server); ratio $(ratio "${a[0]:-0}" "${g[0]}") (target >= 1.0x);" \
         "$(check "${a[0]:-n/a} >= ${g[0]}")"
  else
    echo "call protocol vs gRPC: grpc n/a (${TLS_DOWN:-$(cat "$RES/calls.grpc.err" 2>/dev/null || echo 'server did not start')}); MISS"
  fi
}

# write_head_config FILE: the heads' TOML: the bench key may register any worker name
write_head_config() {
  cat >"$1" <<EOF
[auth]
host_key = "$TMP/host_ed25519"
authorized_keys = "$TMP/authorized_keys"

[[auth.identities]]
key = "$(<"$TMP/client_ed25519.pub")"
scopes = ["node:register"]
resources = { node = ["*"] }

[limits]
max_startups = "200:30:400"
max_startups_per_ip = 200
EOF
}

# start_head NAME SSH OPS MEMBER MEMBERS: one clustered `alknet serve`; sets HEAD_PID[NAME]
declare -A HEAD_PID
start_head() {
  start_bg "head-$1" "${ALKNET[@]}" serve --config "$TMP/heads.toml" --listen "127.0.0.1:$2" \
    --ops-listen "127.0.0.1:$3" --ciphers "$TRANSPORT_CIPHER" --data-dir "$TMP/data-$1" \
    --cluster --cluster-members "$5" --cluster-host 127.0.0.1 --cluster-port "$4" --cluster-name alknet-bench
  HEAD_PID[$1]=$LAST_PID
}

# run_cluster: the cluster-hop row and the registered-workers row on one 2-member cluster
run_cluster() {
  OK=(); SIDE_DOWN=()
  call_load_args "$HOP_RATE"
  if ! build_call_bench; then echo "cluster hop: n/a ($CALLS_DOWN)"; return; fi
  write_head_config "$TMP/heads.toml"
  local sa sb oa ob ma mb members up=1
  sa=$(free_port); sb=$(free_port); oa=$(free_port); ob=$(free_port)
  ma=$("${LOADGEN[@]}" free-port --pair); mb=$("${LOADGEN[@]}" free-port --pair)
  members="127.0.0.1:$ma,127.0.0.1:$mb"
  start_head a "$sa" "$oa" "$ma" "$members"
  start_head b "$sb" "$ob" "$mb" "$members"
  for h in "a $oa" "b $ob"; do
    read -r name ops <<<"$h"
    out=$("${LOADGEN[@]}" wait-ready --http "http://127.0.0.1:$ops/readyz" --since "$(date +%s.%N)" --timeout 90 2>&1) ||
      { echo "cluster hop: n/a (head $name not ready: $(last_line "$TMP/head-$name.log")); MISS"; up=0; }
  done
  local fingerprint; fingerprint=$(ssh-keygen -lf "$TMP/host_ed25519.pub" | awk '{print $2}')
  if ((up)); then
    start_bg worker-hop "${ALKNET[@]}" worker --head "127.0.0.1:$sb" --name hop --identity "$TMP/client_ed25519" \
      --user bench --host-key-fingerprint "$fingerprint" --known-hosts "$TMP/worker_known_hosts"
    local wpid=$LAST_PID
    wait_log 'worker registered name=hop' "$TMP/worker-hop.log" "$wpid" "$START_TIMEOUT" ||
      { echo "cluster hop: n/a (worker: $(last_line "$TMP/worker-hop.log")); MISS"; up=0; }
  fi
  if ((up)); then
    local rep
    for ((rep = 1; rep <= REPS; rep++)); do
      log "cluster hop: repetition $rep of $REPS"
      call_load hop.local "${HEAD_PID[b]} $wpid" alknet --server "127.0.0.1:$sb" --identity "$TMP/client_ed25519" \
        --user bench --cipher "$TRANSPORT_CIPHER" --operation /hop/node/ping || true
      call_load hop.remote "${HEAD_PID[a]} ${HEAD_PID[b]} $wpid" alknet --server "127.0.0.1:$sa" \
        --identity "$TMP/client_ed25519" --user bench --cipher "$TRANSPORT_CIPHER" --operation /hop/node/ping || true
    done
    local l r
    read -r -a l <<<"$(call_summary hop.local)"; read -r -a r <<<"$(call_summary hop.remote)"
    if ((${#l[@]} && ${#r[@]})); then
      local added; added=$(awk -v a="${r[1]}" -v b="${l[1]}" 'BEGIN {printf "%.3f", a - b}')
      echo "cluster hop: /hop/node/ping at $HOP_RATE calls/s through the worker's head p50 ${l[1]} ms, p99 ${l[2]} ms;" \
           "through the other head p50 ${r[1]} ms, p99 ${r[2]} ms; added p50 $added ms (target < 1 ms);" \
           "64 in flight: ${l[0]} vs ${r[0]} calls/s; $(check "$added < 1")"
    else
      echo "cluster hop: n/a ($(cat "$RES"/hop.*.err 2>/dev/null | head -n 1)); MISS"
    fi
    run_workers "$sb" "$sa" "${HEAD_PID[b]}"
    stop_pid "$wpid"
  fi
  stop_pid "${HEAD_PID[a]}" 100; stop_pid "${HEAD_PID[b]}" 100
}

# run_workers SSH_B SSH_A HEAD_B_PID: WORKER_COUNT workers registered on head B: heap after GC per worker,
# and one of them called through head A
run_workers() {
  local count=${BENCH_WORKERS:-1000} heap0 heap up per called=no
  heap0=$(heap_after_gc "$3")
  log "workers: registering $count on head b"
  start_bg workers "$JAVA" -Xmx2g -cp "$CALLS_CP" bench.calls.CallBench workers --server "127.0.0.1:$1" \
    --identity "$TMP/client_ed25519" --user bench --count "$count" --parallel 16 --prefix w
  local pid=$LAST_PID
  wait_log '^ready ' "$TMP/workers.log" "$pid" $((count / 5 + 120)) || true
  up=$(grep -o '^ready registered=[0-9]*' "$TMP/workers.log" | cut -d= -f2); up=${up:-0}
  heap=$(heap_after_gc "$3")
  local last; last=$(printf 'w%04d' $((count - 1)))
  if "${ALKNET[@]}" call --server "127.0.0.1:$2" --identity "$TMP/client_ed25519" --user bench \
       --insecure-accept-any-host-key "/$last/node/ping" >"$TMP/workers-call.log" 2>&1; then called=yes; fi
  stop_pid "$pid"
  per=$(awk -v a="${heap0:-0}" -v b="${heap:-0}" -v n="$up" 'BEGIN {if (n > 0) printf "%.1f", (b - a) / n; else print "n/a"}')
  echo "registered workers: $up of $count on one head, heap after GC $(awk -v h="${heap:-0}" 'BEGIN {printf "%.0f", h / 1024}') MiB" \
       "($per KiB per worker over $(awk -v h="${heap0:-0}" 'BEGIN {printf "%.0f", h / 1024}') MiB before); /$last/node/ping through" \
       "the other head: $called (no heap target; check: all registered and callable); $(check "$up >= $count && \"$called\" == \"yes\"")"
}
