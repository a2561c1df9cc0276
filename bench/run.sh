#!/usr/bin/env bash
# bench/run.sh [quick|full] [JDK_HOME] -- tunnel benchmarks of spec 90-benchmarks.md against OpenSSH:
# bulk -L and SOCKS5, connection setup, cold start, chacha20-poly1305, concurrent streams, idle
# sessions and startup, each with its target and PASS/MISS; plus bulk -L over alknet's TLS and
# WebSocket transports (tls, ws, wss) against the same run's OpenSSH -L and alknet-over-TCP -L;
# and the call protocol (calls/s and latency against gRPC-java over TLS, the cluster hop, 1,000
# registered workers; bench/calls.sh, load generators in the bench-only project bench/calls).
# JDK_HOME (or BENCH_JDK) picks the JDK alknet runs on (default: java on PATH); alknet is started
# through bin/alknet, the launcher users get, with its class-data cache in the temp dir.
#
# Everything runs on 127.0.0.1 with throwaway keys in a mktemp dir. Each figure is
# printed with its references (raw loopback TCP and OpenSSH, same cipher) measured in
# this same run, because this machine is shared and noisy: ratios are what count.
# alknet being absent or broken never stops the run: its column becomes n/a.
#
# Environment knobs:
#   ALKNET_JAR=path        jar under test (default: <repo>/target/alknet.jar)
#   ALKNET_JAVA_OPTS="..." extra JVM options for both alknet processes
#   ALKNET_CACHE=off       start alknet without the launcher's class-data cache
#   BENCH_IDLE_SESSIONS=N  idle-sessions row: sessions on one server (default quick 2000, full 10000)
#   BENCH_ROWS="..."       rows to run (default all): startup cold bulk idle calls cluster
#   BENCH_WORKERS=N        workers registered on one head in the cluster row (default 1000)
#   BENCH_REPS=N           repetitions per bulk figure (median is reported; default 3);
#                          connection setup runs max(5, N) times
#   BENCH_TRANSPORTS="..." alknet transports measured besides TCP, for bulk -L with
#                          aes128-gcm (default "tls ws wss"; "" = none)
#   KEEP_TMP=1             keep the temp dir (logs, configs, per-rep results) for debugging
set -euo pipefail

MODE=${1:-quick}
case $MODE in
  quick)
    BULK_BYTES=$((256 << 20)); CONN_COUNT=400; REPS=3
    WARM_BYTES=$((64 << 20)); WARM_CONNS=200
    CIPHERS=(aes128-gcm@openssh.com) ;;
  full)
    BULK_BYTES=$((2 << 30)); CONN_COUNT=2000; REPS=3
    WARM_BYTES=$((4 << 30)); WARM_CONNS=20000
    CIPHERS=(aes128-gcm@openssh.com chacha20-poly1305@openssh.com) ;;
  *) echo "usage: $0 [quick|full] [JDK_HOME]" >&2; exit 2 ;;
esac
JDK_ARG=${2:-${BENCH_JDK:-}}
if [[ -n $JDK_ARG ]]; then JAVA=$JDK_ARG/bin/java; else JAVA=$(command -v java || echo java); fi
JAVA_HOME_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA" || echo "$JAVA")")")")
if [[ $MODE == full ]]; then IDLE_COUNT=10000; COLD_BYTES=$((1 << 30)); COLD_CONNS=1000
else IDLE_COUNT=2000; COLD_BYTES=$((256 << 20)); COLD_CONNS=400; fi
IDLE_COUNT=${BENCH_IDLE_SESSIONS:-$IDLE_COUNT}
OSSH_IDLE_COUNT=1000   # OpenSSH's sshd memory for 1,000 sessions is the idle row's reference
MANY_STREAMS=64; MANY_BYTES=$((32 << 20))
read -r -a ROWS <<< "${BENCH_ROWS:-startup cold bulk idle calls cluster}"
has_row() { [[ " ${ROWS[*]} " == *" $1 "* ]]; }
REPS=${BENCH_REPS:-$REPS}
if [ -n "${BENCH_CIPHERS:-}" ]; then read -r -a CIPHERS <<< "$BENCH_CIPHERS"; fi
if [ -n "${BENCH_WARM_MIB:-}" ]; then WARM_BYTES=$((BENCH_WARM_MIB << 20)); fi
CONN_REPS=$((REPS < 5 ? 5 : REPS))
PARALLEL=8          # connection-setup concurrency (spec: 8 at a time)
START_TIMEOUT=60    # seconds for any daemon to become ready (JVM start + SSH handshake)
read -r -a TRANSPORTS <<< "${BENCH_TRANSPORTS-tls ws wss}"
TRANSPORT_CIPHER=aes128-gcm@openssh.com   # the transport rows run with this cipher only
TLS_CPU_TARGET=1.25 # issue target: TLS adds at most 25 % CPU per GiB over TCP
WS_PATH=/alknet

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
JAR=${ALKNET_JAR:-$ROOT/target/alknet.jar}
LOADGEN=(python3 "$BENCH_DIR/loadgen.py")
SSHD=/usr/sbin/sshd   # absolute: sshd re-execs itself and refuses a relative path

TMP=$(mktemp -d -t alknet-bench.XXXXXX)
RES=$TMP/results; mkdir -p "$RES"
# alknet as users start it: the launcher, on the chosen JDK, with its class-data cache kept in the temp dir
ALKNET=(env ALKNET_JAVA="$JAVA" ALKNET_JAR="$TMP/alknet.jar" ALKNET_CACHE_DIR="$TMP/cache" "$ROOT/bin/alknet")
PIDS=()             # every process this script started (daemons and load servers)

# ---------------------------------------------------------------- process control

log() { echo "# $*" >&2; }

# Kill a process and all its descendants. sshd forks (and setsid()s) one child tree
# per connection, so killing only the pid we started would leave those behind.
kill_tree() {
  local pid=$1 grace=${2:-10} tree i
  tree=$("${LOADGEN[@]}" tree "$pid" 2>/dev/null || true)
  [[ -n $tree ]] || return 0
  # shellcheck disable=SC2086
  kill -TERM $tree 2>/dev/null || true
  for ((i = 0; i < grace; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  # shellcheck disable=SC2086
  kill -KILL $tree 2>/dev/null || true
}

forget_pid() {
  local keep=() p
  for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

cleanup() {
  local i
  trap - EXIT INT TERM
  # newest first: clients go before their servers, so sessions end cleanly
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill_tree "${PIDS[i]}"; done
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_bg NAME CMD... : run CMD in the background, output to $TMP/NAME.log.
# Sets LAST_PID (not echoed: a $(...) subshell could not record the pid in PIDS).
start_bg() {
  local name=$1; shift
  "$@" >"$TMP/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

stop_pid() { kill_tree "$1" "${2:-10}"; forget_pid "$1"; }

free_port() { "${LOADGEN[@]}" free-port; }

# wait_port PORT PID TIMEOUT: until 127.0.0.1:PORT accepts; fails early if PID died.
wait_port() {
  local port=$1 pid=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# wait_log PATTERN FILE PID TIMEOUT: until FILE contains PATTERN; fails early if PID died.
wait_log() {
  local pattern=$1 file=$2 pid=$3 deadline=$((SECONDS + $4))
  while ((SECONDS < deadline)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Last non-empty line of a log, for short failure reasons.
last_line() { grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c1-200 || true; }

# ---------------------------------------------------------------- setup

print_header() {
  echo "# alknet bench, mode=$MODE, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)," \
       "$("$JAVA" -version 2>&1 | head -n 1 || echo 'no java') ($JAVA_HOME_DIR), $(ssh -V 2>&1)"
  echo "# alknet JVM options: launcher bin/alknet, cache ${ALKNET_CACHE:-on}, ALKNET_JAVA_OPTS='${ALKNET_JAVA_OPTS:-}'"
  # other tenants' load skews absolute numbers and, less so, ratios: record it
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# command: bench/run.sh $MODE; bulk $((BULK_BYTES >> 20)) MiB x $REPS," \
       "connects $CONN_COUNT x $CONN_REPS ($PARALLEL at a time);" \
       "transports: tcp${TRANSPORTS[*]:+ ${TRANSPORTS[*]}}; MB = 10^6 bytes"
}

make_keys() {
  ssh-keygen -q -t ed25519 -N '' -C bench-host -f "$TMP/host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C bench-client -f "$TMP/client_ed25519"
  cp "$TMP/client_ed25519.pub" "$TMP/authorized_keys"
}

# make_tls_cert: a throwaway self-signed P-256 certificate for 127.0.0.1 (and localhost),
# used as the server's --tls-cert/--tls-key and as the client's --tls-ca (so the client
# verifies it, as a real deployment would). On failure TLS_DOWN says why and the tls/wss
# sides are skipped; the others still run.
TLS_DOWN=""
make_tls_cert() {
  if ! command -v openssl >/dev/null; then TLS_DOWN="openssl not on PATH"; return 0; fi
  if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
       -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
       -keyout "$TMP/tls_key.pem" -out "$TMP/tls_cert.pem" >"$TMP/openssl.log" 2>&1; then
    TLS_DOWN="openssl req: $(last_line "$TMP/openssl.log")"
  fi
}

# start_load_servers: sink and echo bind port 0 and write the port to a file (no race).
start_load_servers() {
  start_bg sink "${LOADGEN[@]}" sink --port-file "$TMP/sink.port"; local sink_pid=$LAST_PID
  start_bg echo "${LOADGEN[@]}" echo --port-file "$TMP/echo.port"; local echo_pid=$LAST_PID
  wait_log . "$TMP/sink.port" "$sink_pid" 10 || { echo "sink did not start" >&2; exit 1; }
  wait_log . "$TMP/echo.port" "$echo_pid" 10 || { echo "echo did not start" >&2; exit 1; }
  SINK_PORT=$(<"$TMP/sink.port"); ECHO_PORT=$(<"$TMP/echo.port")
}

# ---------------------------------------------------------------- sides under test
# Sides: "openssh", "alknet" (over TCP) and "alknet-T" for each T in $TRANSPORTS
# (started by start_alknet CIPHER T). Starting a side fills, for it:
#   SIDE_PIDS   processes whose CPU is counted (server and client; their trees are summed)
#   SIDE_LPORT  the client's -L port, forwarding to the sink
#   SIDE_SOCKS  the client's SOCKS5 port
# On failure it sets SIDE_DOWN[side]=reason and returns 1; it never exits the script, so
# the other side and the reference rows are still measured.
declare -A SIDE_SERVER SIDE_CLIENT SIDE_PIDS SIDE_LPORT SIDE_SOCKS SIDE_DOWN OK SIDE_PORT SIDE_OPS
CLIENT_SEQ=0
SERVE_EXTRA=()      # more `serve` flags (the idle-sessions row raises the startup limits)

# start_openssh CIPHER: sshd with its own config + one `ssh -N -L .. -D ..` client.
start_openssh() {
  local cipher=$1 port cfg="$TMP/sshd_config"
  port=$(free_port)
  # sshd insists on this privilege-separation dir when run as root
  if [[ $(id -u) == 0 ]]; then mkdir -p /run/sshd; fi
  cat >"$cfg" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $TMP/host_ed25519
AuthorizedKeysFile $TMP/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AllowTcpForwarding yes
PidFile none
Ciphers $cipher
LogLevel INFO
${OSSH_EXTRA:-}
EOF
  if ! "$SSHD" -t -f "$cfg" >"$TMP/sshd-t.log" 2>&1; then
    SIDE_DOWN[openssh]="sshd -t: $(last_line "$TMP/sshd-t.log")"; return 1
  fi
  start_bg sshd "$SSHD" -D -e -f "$cfg"; SIDE_SERVER[openssh]=$LAST_PID; SIDE_PORT[openssh]=$port
  if ! wait_port "$port" "$LAST_PID" "$START_TIMEOUT"; then
    SIDE_DOWN[openssh]="sshd did not listen: $(last_line "$TMP/sshd.log")"; return 1
  fi

  local lport socks; lport=$(free_port); socks=$(free_port)
  start_bg ssh ssh -N -F /dev/null -p "$port" -i "$TMP/client_ed25519" \
    -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o BatchMode=yes -o ExitOnForwardFailure=yes -o LogLevel=ERROR -c "$cipher" \
    -L "127.0.0.1:$lport:127.0.0.1:$SINK_PORT" -D "127.0.0.1:$socks" \
    "$(id -un)@127.0.0.1"
  SIDE_CLIENT[openssh]=$LAST_PID
  # ssh binds its listeners only after authentication, so listening == session up
  if ! wait_port "$lport" "$LAST_PID" "$START_TIMEOUT" ||
     ! wait_port "$socks" "$LAST_PID" "$START_TIMEOUT"; then
    SIDE_DOWN[openssh]="ssh client: $(last_line "$TMP/ssh.log")"; return 1
  fi
  SIDE_PIDS[openssh]="${SIDE_SERVER[openssh]} ${SIDE_CLIENT[openssh]}"
  SIDE_LPORT[openssh]=$lport; SIDE_SOCKS[openssh]=$socks
}

# transport_args TRANSPORT: the extra flags of `alknet serve` (SERVE_XARGS) and of
# `alknet connect` (CONNECT_XARGS) for one transport; every other flag is the TCP side's.
transport_args() {
  local cert=$TMP/tls_cert.pem key=$TMP/tls_key.pem
  SERVE_XARGS=(); CONNECT_XARGS=()
  case $1 in
    tcp) ;;
    tls) SERVE_XARGS=(--transport tls --tls-cert "$cert" --tls-key "$key")
         CONNECT_XARGS=(--transport tls --tls-ca "$cert") ;;
    ws)  SERVE_XARGS=(--transport ws --ws-path "$WS_PATH")
         CONNECT_XARGS=(--transport ws --ws-path "$WS_PATH") ;;
    wss) SERVE_XARGS=(--transport ws --ws-path "$WS_PATH" --tls-cert "$cert" --tls-key "$key")
         CONNECT_XARGS=(--transport ws --ws-path "$WS_PATH" --ws-tls --tls-ca "$cert") ;;
    *)   return 1 ;;
  esac
}

# start_alknet CIPHER [TRANSPORT]: `alknet serve` + `alknet connect` with -L and SOCKS5,
# over TCP (side "alknet") or over TRANSPORT tls|ws|wss (side "alknet-TRANSPORT").
# A third argument names the side (default alknet or alknet-TRANSPORT); with SERVER_ONLY=1 the
# client is left out (start it later with start_alknet_client SIDE CIPHER).
start_alknet() {
  local cipher=$1 transport=${2:-tcp} port ops jar=$TMP/alknet.jar side=alknet
  if [[ $transport != tcp ]]; then side=alknet-$transport; fi
  side=${3:-$side}
  local slog=$side-serve
  if [[ ! -f $jar ]]; then
    SIDE_DOWN[$side]="$JAR missing (build: mvn -q -B -DskipTests package)"; return 1
  fi
  if ! command -v "$JAVA" >/dev/null; then SIDE_DOWN[$side]="$JAVA not found"; return 1; fi
  if ! transport_args "$transport"; then SIDE_DOWN[$side]="unknown transport '$transport'"; return 1; fi
  if [[ $transport == tls || $transport == wss ]] && [[ -n $TLS_DOWN ]]; then
    SIDE_DOWN[$side]="no TLS certificate ($TLS_DOWN)"; return 1
  fi
  port=$(free_port); ops=$(free_port)
  start_bg "$slog" "${ALKNET[@]}" serve \
    --listen "127.0.0.1:$port" --key "$TMP/host_ed25519" \
    --authorized-keys "$TMP/authorized_keys" --ops-listen "127.0.0.1:$ops" --ciphers "$cipher" \
    "${SERVE_XARGS[@]}" "${SERVE_EXTRA[@]}"
  SIDE_SERVER[$side]=$LAST_PID; SIDE_PORT[$side]=$port; SIDE_OPS[$side]=$ops
  if ! wait_port "$port" "$LAST_PID" "$START_TIMEOUT"; then
    SIDE_DOWN[$side]="serve did not listen (waited up to ${START_TIMEOUT}s): $(last_line "$TMP/$slog.log")"
    return 1
  fi
  # the server names its listener's transport (tls, ws or wss): make sure the row
  # measures the transport it is labelled with
  if [[ $transport != tcp ]] &&
     ! wait_log "listening transport=$transport " "$TMP/$slog.log" "$LAST_PID" 10; then
    SIDE_DOWN[$side]="serve did not log 'listening transport=$transport': $(last_line "$TMP/$slog.log")"
    return 1
  fi
  if [[ ${SERVER_ONLY:-0} == 1 ]]; then SIDE_PIDS[$side]=${SIDE_SERVER[$side]}; return 0; fi
  start_alknet_client "$side" "$cipher"
}

# start_alknet_client SIDE CIPHER: `alknet connect` to SIDE's server (transport flags from the
# last transport_args), with -L to the sink and SOCKS5
start_alknet_client() {
  local side=$1 cipher=$2 port=${SIDE_PORT[$1]} clog=$1-connect$((++CLIENT_SEQ))
  local lport socks; lport=$(free_port); socks=$(free_port)
  start_bg "$clog" "${ALKNET[@]}" connect \
    --server "127.0.0.1:$port" --identity "$TMP/client_ed25519" --user bench \
    --insecure-accept-any-host-key --socks5 "127.0.0.1:$socks" \
    --forward "127.0.0.1:$lport:127.0.0.1:$SINK_PORT" --ciphers "$cipher" \
    "${CONNECT_XARGS[@]}"
  SIDE_CLIENT[$side]=$LAST_PID
  if ! wait_log 'session up' "$TMP/$clog.log" "$LAST_PID" "$START_TIMEOUT"; then
    SIDE_DOWN[$side]="connect: no 'session up' on stderr (waited up to ${START_TIMEOUT}s): $(last_line "$TMP/$clog.log")"
    return 1
  fi
  if ! wait_port "$lport" "$LAST_PID" 10 || ! wait_port "$socks" "$LAST_PID" 10; then
    SIDE_DOWN[$side]="connect: SOCKS5/-L ports not accepting: $(last_line "$TMP/$clog.log")"
    return 1
  fi
  SIDE_PIDS[$side]="${SIDE_SERVER[$side]} ${SIDE_CLIENT[$side]}"
  SIDE_LPORT[$side]=$lport; SIDE_SOCKS[$side]=$socks
}

# stop_side SIDE: client first, so the server sees a normal disconnect
stop_side() {
  local pid
  for pid in "${SIDE_CLIENT[$1]:-}" "${SIDE_SERVER[$1]:-}"; do
    if [[ -n $pid ]]; then stop_pid "$pid"; fi
  done
  SIDE_CLIENT[$1]=""; SIDE_SERVER[$1]=""
}

# ---------------------------------------------------------------- measurements
# Each measurement appends one line to $RES/<key>; a failure writes $RES/<key>.err.

# cpu_of "PID PID.." [--jit]: CPU seconds of those process trees ("" -> 0, for the raw path);
# with --jit only their JIT compiler threads
cpu_of() {
  local list; read -r -a list <<<"$1"
  if ((${#list[@]})); then "${LOADGEN[@]}" cpu ${2:-} "${list[@]}"; else echo 0; fi
}

# How to reach the sink/echo server: PATH is raw (no tunnel), L (the side's -L port,
# forwarding to the sink) or socks (CONNECT through the side's SOCKS5 port). Sets ROUTE.
route() {
  local path=$1 port=${2:-} dest=$3
  case $path in
    raw)   ROUTE=(--to "127.0.0.1:$dest") ;;
    L)     ROUTE=(--to "127.0.0.1:$port") ;;
    socks) ROUTE=(--to "127.0.0.1:$dest" --socks5 "127.0.0.1:$port" --target "127.0.0.1:$dest") ;;
  esac
}

# bulk KEY PIDS BYTES PATH [PORT]: one transfer into the sink; records
# "mbps cpu_seconds bytes jit_cpu_seconds" in $RES/KEY.
bulk() {
  local key=$1 pids=$2 bytes=$3 out c0 c1 j0 j1
  route "$4" "${5:-}" "$SINK_PORT"
  j0=$(cpu_of "$pids" --jit)
  c0=$(cpu_of "$pids")
  # overall bound: assume at least 5 MB/s, plus slack
  if ! out=$(timeout $((bytes / 5000000 + 60)) "${LOADGEN[@]}" send --bytes "$bytes" "${ROUTE[@]}" 2>&1); then
    echo "send failed: $(tail -n 1 <<<"$out" | cut -c1-200)" >"$RES/$key.err"
    return 1
  fi
  c1=$(cpu_of "$pids")
  j1=$(cpu_of "$pids" --jit)
  echo "$(field mbps "$out") $(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}') $bytes" \
       "$(awk -v a="$j0" -v b="$j1" 'BEGIN {print b - a}')" >>"$RES/$key"
}

# conns KEY PIDS COUNT PATH [PORT]: one connect-rate run against the echo server;
# records "rate p50 p99 cpu_seconds count" in $RES/KEY.
conns() {
  local key=$1 pids=$2 count=$3 out c0 c1
  route "$4" "${5:-}" "$ECHO_PORT"
  c0=$(cpu_of "$pids")
  if ! out=$(timeout $((count / 5 + 60)) "${LOADGEN[@]}" connect-rate --count "$count" \
        --parallel "$PARALLEL" "${ROUTE[@]}" 2>&1); then
    echo "connect-rate failed: $(tail -n 1 <<<"$out" | cut -c1-200)" >"$RES/$key.err"
    return 1
  fi
  c1=$(cpu_of "$pids")
  echo "$(field rate "$out") $(field p50_ms "$out") $(field p99_ms "$out")" \
       "$(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}') $count" >>"$RES/$key"
}

# many KEY PIDS STREAMS PORT: STREAMS parallel transfers of MANY_BYTES each through the -L port;
# records "mbps cpu_seconds bytes spread" in $RES/KEY.
many() {
  local key=$1 pids=$2 streams=$3 out c0 c1
  c0=$(cpu_of "$pids")
  if ! out=$(timeout $((streams * MANY_BYTES / 5000000 + 60)) "${LOADGEN[@]}" send-many --streams "$streams" \
        --bytes "$MANY_BYTES" --to "127.0.0.1:$4" 2>&1); then
    echo "send-many failed: $(tail -n 1 <<<"$out" | cut -c1-200)" >"$RES/$key.err"
    return 1
  fi
  c1=$(cpu_of "$pids")
  echo "$(field mbps "$out") $(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}') $((streams * MANY_BYTES))" \
       "$(field spread "$out")" >>"$RES/$key"
}

field() { grep -o "$1=[^ ]*" <<<"$2" | tail -n 1 | cut -d= -f2; }

# measure SIDE PATH AMOUNT [KEY]: through SIDE, one bulk transfer of AMOUNT bytes
# (PATH L or socks) or one connect run of AMOUNT connections (PATH conn); results go to
# $RES/KEY (default SIDE.PATH). The first failure disables that SIDE.PATH for the rest of
# the cipher, so a broken tunnel costs one timeout rather than one per repetition, and
# its reason is kept in $RES/SIDE.PATH.err for the report.
measure() {
  local side=$1 path=$2 amount=$3 key=${4:-$1.$2} pids ok=0
  [[ ${OK[$side.$path]:-0} == 1 ]] || return 0
  pids=${SIDE_PIDS[$side]}
  case $path in
    L)     bulk "$key" "$pids" "$amount" L "${SIDE_LPORT[$side]}" && ok=1 ;;
    socks) bulk "$key" "$pids" "$amount" socks "${SIDE_SOCKS[$side]}" && ok=1 ;;
    conn)  conns "$key" "$pids" "$amount" socks "${SIDE_SOCKS[$side]}" && ok=1 ;;
    many)  many "$key" "$pids" "$amount" "${SIDE_LPORT[$side]}" && ok=1 ;;
  esac
  if ((ok)); then return 0; fi
  OK[$side.$path]=0
  if [[ $key != "$side.$path" ]]; then
    { printf 'warm-up: '; cat "$RES/$key.err"; } >"$RES/$side.$path.err"
  fi
  log "$side $path: $(cat "$RES/$side.$path.err")"
}

# ---------------------------------------------------------------- reporting

# median of column $2 of file $1 (the line whose column value is the median)
median_line() { sort -n -k"$2" "$1" | awk '{l[NR] = $0} END {print l[int((NR + 1) / 2)]}'; }

# bulk_summary KEY -> "mbps cpu_s_per_GiB" or empty
bulk_summary() {
  [[ -s $RES/$1 ]] || return 0
  local m; m=$(median_line "$RES/$1" 1 | awk '{print $1}')
  awk -v m="$m" '{c += $2; b += $3} END {printf "%.0f %.2f\n", m, c / (b / 1073741824)}' "$RES/$1"
}

# cpu_without_jit KEY: CPU s/GiB of KEY's transfers minus the JIT compiler threads' share
cpu_without_jit() {
  [[ -s $RES/$1 ]] || return 0
  awk '{c += $2 - $4; b += $3} END {printf "%.2f\n", c / (b / 1073741824)}' "$RES/$1"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else print "n/a"}'; }

# check EXPR: PASS or MISS for an awk condition over numbers already substituted in ("n/a" -> MISS)
check() {
  if [[ $1 == *n/a* || -z $1 ]]; then echo MISS; return; fi
  awk "BEGIN {print ($1) ? \"PASS\" : \"MISS\"}"
}

# row_failures PATH LABEL: under a row, why a side that was up has no (or partial) figures
row_failures() {
  local side
  for side in alknet openssh; do
    if [[ -s $RES/$side.$1.err ]]; then echo "  $side $2 failed: $(cat "$RES/$side.$1.err")"; fi
  done
}

# report_bulk LABEL CIPHER PATH TARGET [cpu]: with "cpu", alknet's CPU per GiB must also be <= OpenSSH's
report_bulk() {
  local label=$1 c=${2%@openssh.com} path=$3 target=$4 cpu_too=${5:-} alk ossh raw line cond
  alk=$(bulk_summary "alknet.$path"); ossh=$(bulk_summary "openssh.$path"); raw=$(bulk_summary raw.bulk)
  line="bulk $label $c:"
  if [[ -n $alk ]]; then line+=" alknet ${alk% *} MB/s,"; else line+=" alknet n/a,"; fi
  if [[ -n $ossh ]]; then line+=" openssh ${ossh% *} MB/s,"; else line+=" openssh n/a,"; fi
  line+=" raw ${raw% *} MB/s,"
  if [[ -n $alk && -n $ossh ]]; then
    line+=" ratio $(ratio "${alk% *}" "${ossh% *}") (target >= $target)"
  else
    line+=" ratio n/a"
  fi
  line+="; cpu s/GiB:"
  if [[ -n $alk ]]; then line+=" alknet ${alk#* },"; else line+=" alknet n/a,"; fi
  if [[ -n $ossh ]]; then line+=" openssh ${ossh#* }"; else line+=" openssh n/a"; fi
  cond=n/a
  if [[ -n $alk && -n $ossh ]]; then
    cond="${alk% *} >= ${target%x} * ${ossh% *}"
    if [[ -n $cpu_too ]]; then cond+=" && ${alk#* } <= ${ossh#* }"; line+=" (target <= openssh)"; fi
  fi
  echo "$line; $(check "$cond")"
  row_failures "$path" "$label"
}

# conn_summary KEY -> "rate p50 p99 cpu_ms_per_conn" (median run by rate) or empty
conn_summary() {
  [[ -s $RES/$1 ]] || return 0
  local med; med=$(median_line "$RES/$1" 1)
  awk -v med="$med" '{c += $4; n += $5} END {split(med, m, " ");
    printf "%.0f %.2f %.2f %.2f\n", m[1], m[2], m[3], 1000 * c / n}' "$RES/$1"
}

report_conns() {
  local c=${1%@openssh.com} alk ossh line a=() o=() r=()
  alk=$(conn_summary alknet.conn); ossh=$(conn_summary openssh.conn)
  read -r -a a <<<"$alk"; read -r -a o <<<"$ossh"; read -r -a r <<<"$(conn_summary raw.conn)"
  line="connect SOCKS5 $c:"
  if [[ -n $alk ]]; then line+=" alknet ${a[0]} conn/s (p50 ${a[1]} ms, p99 ${a[2]} ms),"
  else line+=" alknet n/a,"; fi
  if [[ -n $ossh ]]; then line+=" openssh ${o[0]} conn/s (p50 ${o[1]} ms, p99 ${o[2]} ms),"
  else line+=" openssh n/a,"; fi
  line+=" raw ${r[0]:-n/a} conn/s,"
  if [[ -n $alk && -n $ossh ]]; then line+=" ratio $(ratio "${a[0]}" "${o[0]}") (target >= 1.5x)"
  else line+=" ratio n/a"; fi
  line+="; cpu ms/conn:"
  if [[ -n $alk ]]; then line+=" alknet ${a[3]},"; else line+=" alknet n/a,"; fi
  if [[ -n $ossh ]]; then line+=" openssh ${o[3]} (target <= openssh)"; else line+=" openssh n/a"; fi
  local cond=n/a
  if [[ -n $alk && -n $ossh ]]; then cond="${a[0]} >= 1.5 * ${o[0]} && ${a[3]} <= ${o[3]}"; fi
  echo "$line; $(check "$cond")"
  row_failures conn "connect"
}

# many_summary KEY -> "mbps cpu_s_per_GiB spread" (median repetition by MB/s; worst spread of all) or empty
many_summary() {
  [[ -s $RES/$1 ]] || return 0
  local m; m=$(median_line "$RES/$1" 1 | awk '{print $1}')
  awk -v m="$m" '{c += $2; b += $3; if ($4 > w) w = $4} END {printf "%.0f %.2f %.2f\n", m, c / (b / 1073741824), w}' "$RES/$1"
}

report_many() {
  local c=${1%@openssh.com} a=() o=() line cond=n/a
  read -r -a a <<<"$(many_summary alknet.many)"; read -r -a o <<<"$(many_summary openssh.many)"
  line="concurrent streams $c ($MANY_STREAMS x $((MANY_BYTES >> 20)) MiB, one session, -L):"
  if ((${#a[@]})); then line+=" alknet ${a[0]} MB/s (slowest/fastest ${a[2]}),"; else line+=" alknet n/a,"; fi
  if ((${#o[@]})); then line+=" openssh ${o[0]} MB/s (slowest/fastest ${o[2]}),"; else line+=" openssh n/a,"; fi
  if ((${#a[@]} && ${#o[@]})); then
    line+=" ratio $(ratio "${a[0]}" "${o[0]}") (target >= 1.0x, slowest/fastest < 2)"
    cond="${a[0]} >= ${o[0]} && ${a[2]} < 2"
  else line+=" ratio n/a"; fi
  line+="; cpu s/GiB: alknet ${a[1]:-n/a}, openssh ${o[1]:-n/a}"
  echo "$line; $(check "$cond")"
  row_failures many "concurrent streams"
}

# report_transport TRANSPORT CIPHER: bulk -L over alknet's TRANSPORT against OpenSSH -L
# and alknet -L over TCP from this run. CPU per GiB is compared with alknet over TCP;
# only tls carries a target (at most +25 %), the ws/wss ratios are informational.
verdict() {
  if [[ $1 == n/a ]]; then echo n/a
  else awk -v r="${1%x}" -v m="$TLS_CPU_TARGET" 'BEGIN {print (r <= m) ? "PASS" : "MISS"}'; fi
}

report_transport() {
  local t=$1 c=${2%@openssh.com} side=alknet-$1 alk tcp ossh line cr
  alk=$(bulk_summary "$side.L"); tcp=$(bulk_summary alknet.L); ossh=$(bulk_summary openssh.L)
  line="bulk -L over $t $c:"
  if [[ -n $alk ]]; then line+=" alknet-$t ${alk% *} MB/s,"; else line+=" alknet-$t n/a,"; fi
  if [[ -n $tcp ]]; then line+=" alknet-tcp ${tcp% *} MB/s,"; else line+=" alknet-tcp n/a,"; fi
  if [[ -n $ossh ]]; then line+=" openssh ${ossh% *} MB/s,"; else line+=" openssh n/a,"; fi
  line+=" ratio"
  if [[ -n $alk && -n $ossh ]]; then line+=" $(ratio "${alk% *}" "${ossh% *}") vs openssh,"
  else line+=" n/a vs openssh,"; fi
  if [[ -n $alk && -n $tcp ]]; then line+=" $(ratio "${alk% *}" "${tcp% *}") vs alknet-tcp"
  else line+=" n/a vs alknet-tcp"; fi
  line+="; cpu s/GiB:"
  if [[ -n $alk ]]; then line+=" alknet-$t ${alk#* },"; else line+=" alknet-$t n/a,"; fi
  if [[ -n $tcp ]]; then line+=" alknet-tcp ${tcp#* },"; else line+=" alknet-tcp n/a,"; fi
  if [[ -n $ossh ]]; then line+=" openssh ${ossh#* };"; else line+=" openssh n/a;"; fi
  cr=n/a
  if [[ -n $alk && -n $tcp ]]; then cr=$(ratio "${alk#* }" "${tcp#* }"); fi
  line+=" $t/tcp cpu $cr"
  if [[ $t == tls ]]; then line+=" (target <= ${TLS_CPU_TARGET}x) $(verdict "$cr")"; fi
  # The JIT keeps compiling and deoptimizing for many GiB (decision 34); its share is time-, not byte-driven
  # and swings between rows, so the same figures are also given without the JIT compiler threads.
  local alk_nj tcp_nj cr_nj=n/a
  alk_nj=$(cpu_without_jit "$side.L"); tcp_nj=$(cpu_without_jit alknet.L)
  if [[ -n $alk_nj && -n $tcp_nj ]]; then cr_nj=$(ratio "$alk_nj" "$tcp_nj"); fi
  line+="; without JIT compiler threads: alknet-$t ${alk_nj:-n/a}, alknet-tcp ${tcp_nj:-n/a}, $t/tcp cpu $cr_nj"
  if [[ $t == tls ]]; then line+=" $(verdict "$cr_nj")"; fi
  echo "$line"
  if [[ -s $RES/$side.L.err ]]; then echo "  $side -L failed: $(cat "$RES/$side.L.err")"; fi
  if [[ -s $RES/alknet.L.err ]]; then echo "  alknet -L failed (the tcp reference): $(cat "$RES/alknet.L.err")"; fi
}

# ---------------------------------------------------------------- main

# run_cipher CIPHER: start the sides, measure them alternately (so noise from other
# tenants of this shared machine hits them alike), print this cipher's rows. aes128-gcm (the
# default cipher) gets every steady-state row: bulk -L and SOCKS5, connection setup, concurrent
# streams and the other transports' bulk -L; other ciphers bulk -L only (the chacha20 row).
run_cipher() {
  local cipher=$1 side path rep t i up sides=(openssh alknet) transports=() paths=(L)
  rm -f "$RES"/alknet.* "$RES"/alknet-* "$RES"/openssh.*
  OK=(); SIDE_DOWN=()
  if [[ $cipher == "$TRANSPORT_CIPHER" ]]; then
    paths=(L socks conn many)
    transports=("${TRANSPORTS[@]}")
    for t in "${transports[@]}"; do sides+=("alknet-$t"); done
  fi
  for side in "${sides[@]}"; do
    log "cipher $cipher: starting $side"
    if [[ $side == openssh ]]; then up=start_openssh; else up=start_alknet; fi
    if [[ $side == alknet-* ]]; then
      # the other transports are measured for bulk -L only
      if "$up" "$cipher" "${side#alknet-}"; then OK[$side.L]=1; up=""; fi
    elif "$up" "$cipher"; then
      for path in "${paths[@]}"; do OK[$side.$path]=1; done; up=""
    fi
    if [[ -n $up ]]; then log "$side: not available (${SIDE_DOWN[$side]})"; fi
  done

  # Warm-up, not recorded: lets the JIT compile the hot paths so the JVM is not measured
  # half-interpreted (OpenSSH gets the same, for symmetry). Also the first functional check.
  for side in "${sides[@]}"; do
    measure "$side" L "$WARM_BYTES" "$side.L.warm"
    measure "$side" socks "$WARM_BYTES" "$side.socks.warm"
    measure "$side" conn "$WARM_CONNS" "$side.conn.warm"
    measure "$side" many "$MANY_STREAMS" "$side.many.warm"
  done

  for ((rep = 1; rep <= REPS; rep++)); do
    log "cipher $cipher: bulk rep $rep/$REPS"
    for path in L socks many; do
      for side in "${sides[@]}"; do
        if [[ $path == many ]]; then measure "$side" many "$MANY_STREAMS"; else measure "$side" "$path" "$BULK_BYTES"; fi
      done
    done
  done
  # a connect run lasts about a second, so one burst from another tenant can swing it:
  # more repetitions than for bulk, same interleaving
  if [[ " ${paths[*]} " == *" conn "* ]]; then
    log "cipher $cipher: connection setup x $CONN_REPS"
    for ((rep = 1; rep <= CONN_REPS; rep++)); do
      for side in openssh alknet; do measure "$side" conn "$CONN_COUNT"; done
    done
  fi

  if [[ $cipher == "$TRANSPORT_CIPHER" ]]; then
    report_bulk "-L" "$cipher" L 1.0x cpu
    report_bulk "SOCKS5" "$cipher" socks 1.0x cpu
    report_conns "$cipher"
    report_many "$cipher"
  else
    report_bulk "-L" "$cipher" L 0.8x
  fi
  for t in "${transports[@]}"; do report_transport "$t" "$cipher"; done
  for side in "${sides[@]}"; do
    if [[ -n ${SIDE_DOWN[$side]:-} ]]; then echo "$side: not available (${SIDE_DOWN[$side]})"; fi
  done
  # newest first: clients go before their servers
  for ((i = ${#sides[@]} - 1; i >= 0; i--)); do stop_side "${sides[i]}"; done
}

# ---------------------------------------------------------------- cache, startup, cold start, idle

# train_cache: one alknet server and client, started through the launcher on an empty cache dir,
# carry some of every kind of traffic and stop normally, so each records its class-data cache
# (bin/alknet: an AppCDS class archive) as it would on a user's
# first run. Every later alknet start in this run uses them.
train_cache() {
  [[ ${ALKNET_CACHE:-on} != off ]] || return 0
  log "recording the launcher's class-data cache (first run of serve and connect)"
  if ! start_alknet "$TRANSPORT_CIPHER" tcp alknet-train; then
    log "alknet-train: not available (${SIDE_DOWN[alknet-train]})"; return 0
  fi
  OK[alknet-train.L]=1; OK[alknet-train.socks]=1; OK[alknet-train.conn]=1
  measure alknet-train L $((256 << 20)) alknet-train.L.warm
  measure alknet-train socks $((64 << 20)) alknet-train.socks.warm
  measure alknet-train conn 2000 alknet-train.conn.warm
  # a JVM that records writes its cache at exit (Java 25: seconds): wait for it
  stop_pid "${SIDE_CLIENT[alknet-train]}" 300
  stop_pid "${SIDE_SERVER[alknet-train]}" 300
  log "cache: $(ls "$TMP/cache" 2>/dev/null | grep -v lock | tr '\n' ' ')"
}

# startup_once KIND REP: one timed start. serve: launch to /readyz 200; quickstart: launch to a
# SOCKS5 CONNECT carrying an echo. Appends the seconds to $RES/startup.KIND.
startup_once() {
  local kind=$1 rep=$2 t0 out port ops socks
  t0=$(date +%s.%N)
  if [[ $kind == serve ]]; then
    port=$(free_port); ops=$(free_port)
    start_bg "startup-serve-$rep" "${ALKNET[@]}" serve --listen "127.0.0.1:$port" --key "$TMP/host_ed25519" \
      --authorized-keys "$TMP/authorized_keys" --ops-listen "127.0.0.1:$ops"
    out=$("${LOADGEN[@]}" wait-ready --http "http://127.0.0.1:$ops/readyz" --since "$t0" --timeout 60 2>&1) || true
  else
    socks=$(free_port); mkdir -p "$TMP/quickstart-$rep"
    start_bg "startup-quickstart-$rep" "${ALKNET[@]}" quickstart --socks5 "127.0.0.1:$socks" --dir "$TMP/quickstart-$rep"
    out=$("${LOADGEN[@]}" wait-ready --socks5 "127.0.0.1:$socks" --target "127.0.0.1:$ECHO_PORT" --since "$t0" \
          --timeout 60 2>&1) || true
  fi
  stop_pid "$LAST_PID" 300   # the first run records the cache at exit
  if [[ -n $(field seconds "$out") ]]; then echo "$(field seconds "$out")" >>"$RES/startup.$kind"
  else echo "$kind: $(tail -n 1 <<<"$out")" >"$RES/startup.$kind.err"; fi
}

# run_startup: serve -> /readyz and quickstart -> working SOCKS5, median of 3 starts after one
# untimed first start (which records the launcher's cache), plus one start without the cache.
run_startup() {
  local kind rep
  for kind in serve quickstart; do
    log "startup: $kind"
    startup_once "$kind" 0; rm -f "$RES/startup.$kind"
    for rep in 1 2 3; do startup_once "$kind" "$rep"; done
    startup_once_nocache "$kind"
  done
  report_startup serve "/readyz 200" 1.5
  report_startup quickstart "working SOCKS5 port" 2.0
}

startup_once_nocache() {
  local keep=("${ALKNET[@]}")
  ALKNET=(env ALKNET_CACHE=off "${keep[@]}")
  startup_once "$1" nocache
  ALKNET=("${keep[@]}")
  # the last line is the start without cache
  if [[ -s $RES/startup.$1 ]]; then tail -n 1 "$RES/startup.$1" >"$RES/startup.$1.nocache"; sed -i '$d' "$RES/startup.$1"; fi
}

report_startup() {
  local kind=$1 what=$2 target=$3 med nocache
  if [[ ! -s $RES/startup.$kind ]]; then
    echo "startup $kind: n/a (target < ${target} s); MISS"
    if [[ -s $RES/startup.$kind.err ]]; then echo "  $(cat "$RES/startup.$kind.err")"; fi
    return
  fi
  med=$(sort -n "$RES/startup.$kind" | awk '{l[NR] = $1} END {print l[int((NR + 1) / 2)]}')
  nocache=$(cat "$RES/startup.$kind.nocache" 2>/dev/null || echo n/a)
  echo "startup $kind to $what: $med s (median of $(wc -l <"$RES/startup.$kind"); without the launcher's cache $nocache s)" \
       "(target < $target s); $(check "$med < $target")"
}

# run_cold: fresh server and client each repetition (alknet through the launcher, with the cache
# recorded by train_cache), OpenSSH likewise fresh: the first COLD_BYTES through -L, then the first
# COLD_CONNS SOCKS5 connects on the same fresh processes.
run_cold() {
  local rep side
  rm -f "$RES"/cold-*
  for ((rep = 1; rep <= REPS; rep++)); do
    for side in openssh alknet; do
      log "cold start rep $rep/$REPS: $side"
      OK=(); SIDE_DOWN=()
      if [[ $side == openssh ]]; then start_openssh "$TRANSPORT_CIPHER" || { log "openssh: ${SIDE_DOWN[openssh]}"; continue; }
      else start_alknet "$TRANSPORT_CIPHER" || { log "alknet: ${SIDE_DOWN[alknet]}"; stop_side alknet; continue; }; fi
      bulk "cold-$side.L" "${SIDE_PIDS[$side]}" "$COLD_BYTES" L "${SIDE_LPORT[$side]}" || true
      conns "cold-$side.conn" "${SIDE_PIDS[$side]}" "$COLD_CONNS" socks "${SIDE_SOCKS[$side]}" || true
      stop_side "$side"
    done
  done
  local c=${TRANSPORT_CIPHER%@openssh.com} alk ossh a=() o=() cond=n/a
  alk=$(bulk_summary cold-alknet.L); ossh=$(bulk_summary cold-openssh.L)
  if [[ -n $alk && -n $ossh ]]; then cond="${alk% *} >= 0.6 * ${ossh% *}"; fi
  echo "cold start -L $c (first $((COLD_BYTES >> 20)) MiB, fresh processes): alknet ${alk% *} MB/s, openssh ${ossh% *} MB/s," \
       "ratio $(ratio "${alk% *}" "${ossh% *}") (target >= 0.6x); cpu s/GiB: alknet ${alk#* }, openssh ${ossh#* }; $(check "$cond")"
  read -r -a a <<<"$(conn_summary cold-alknet.conn)"; read -r -a o <<<"$(conn_summary cold-openssh.conn)"
  cond=n/a
  if ((${#a[@]} && ${#o[@]})); then cond="${a[0]} >= ${o[0]}"; fi
  echo "cold start connects $c (first $COLD_CONNS after that): alknet ${a[0]:-n/a} conn/s (p50 ${a[1]:-n/a} ms)," \
       "openssh ${o[0]:-n/a} conn/s (p50 ${o[1]:-n/a} ms), ratio $(ratio "${a[0]:-0}" "${o[0]:-0}") (target >= 1.0x);" \
       "cpu ms/conn: alknet ${a[3]:-n/a}, openssh ${o[3]:-n/a}; $(check "$cond")"
  for side in alknet openssh; do
    for k in L conn; do
      if [[ -s $RES/cold-$side.$k.err ]]; then echo "  $side cold $k failed: $(cat "$RES/cold-$side.$k.err")"; fi
    done
  done
}

# heap_after_gc PID: KiB of Java heap in use right after a full GC (jcmd GC.run, then jstat -gc)
heap_after_gc() {
  "$JAVA_HOME_DIR/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || true
  sleep 1
  "$JAVA_HOME_DIR/bin/jstat" -gc "$1" 2>/dev/null | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
    NR == 2 {printf "%.0f\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]}'
}

# idle_sessions PORT COUNT LOG: COUNT authenticated idle sessions (bench/IdleSessions.java, one JVM)
# held open until killed; sets IDLE_PID and IDLE_UP (sessions up), or returns 1
idle_sessions() {
  local port=$1 count=$2 name=$3 sources
  # several loopback source addresses, so the ephemeral ports of one address never run out
  sources=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5
  start_bg "$name" "$JAVA" -Xmx2g -Xss256k -cp "$TMP/alknet.jar" "$BENCH_DIR/IdleSessions.java" \
    --server "127.0.0.1:$port" --identity "$TMP/client_ed25519" --user "$(id -un)" --count "$count" \
    --parallel 8 --sources "$sources"
  IDLE_PID=$LAST_PID
  if ! wait_log '^ready ' "$TMP/$name.log" "$IDLE_PID" $((count / 20 + 120)); then
    IDLE_UP=0; return 1
  fi
  IDLE_UP=$(grep -o '^ready up=[0-9]*' "$TMP/$name.log" | cut -d= -f2)
}

# run_idle: IDLE_COUNT idle sessions on one alknet server (startup limits raised for the load test:
# --max-startups 200 --max-startups-per-ip 200), heap after GC and RSS; meanwhile a new client
# session must come up and carry a tunnel (64 MiB through -L, 200 SOCKS5 connects). Reference:
# OpenSSH's sshd with OSSH_IDLE_COUNT sessions (MaxStartups raised likewise), RSS and PSS of all
# its processes.
run_idle() {
  local fds; fds=$(ulimit -n)
  if ((fds < IDLE_COUNT + 1000)); then
    echo "idle sessions: n/a (ulimit -n is $fds; need $((IDLE_COUNT + 1000)) for $IDLE_COUNT sessions); MISS"; return
  fi
  OK=(); SIDE_DOWN=()
  local heap0 heap rss tunnel="no" mem up per
  SERVE_EXTRA=(--max-startups 200 --max-startups-per-ip 200)
  transport_args tcp
  if ! SERVER_ONLY=1 start_alknet "$TRANSPORT_CIPHER" tcp alknet-idle; then
    echo "idle sessions: alknet n/a (${SIDE_DOWN[alknet-idle]}); MISS"; SERVE_EXTRA=(); return
  fi
  SERVE_EXTRA=()
  heap0=$(heap_after_gc "${SIDE_SERVER[alknet-idle]}")
  local rss0; rss0=$(awk '/^VmRSS/ {print $2}' "/proc/${SIDE_SERVER[alknet-idle]}/status" 2>/dev/null || echo 0)
  log "idle sessions: opening $IDLE_COUNT on alknet"
  idle_sessions "${SIDE_PORT[alknet-idle]}" "$IDLE_COUNT" idle-alknet || true
  up=${IDLE_UP:-0}
  heap=$(heap_after_gc "${SIDE_SERVER[alknet-idle]}")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/${SIDE_SERVER[alknet-idle]}/status" 2>/dev/null || echo 0)
  # a new session and a tunnel while they are up
  if start_alknet_client alknet-idle "$TRANSPORT_CIPHER"; then
    OK[alknet-idle.L]=1; OK[alknet-idle.conn]=1
    measure alknet-idle L $((64 << 20)) idle-tunnel.L && measure alknet-idle conn 200 idle-tunnel.conn &&
      [[ -s $RES/idle-tunnel.L && -s $RES/idle-tunnel.conn ]] && tunnel=yes
  fi
  [[ -n ${IDLE_PID:-} ]] && stop_pid "$IDLE_PID"
  stop_side alknet-idle
  per=$(awk -v a="${heap0:-0}" -v b="${heap:-0}" -v n="$up" 'BEGIN {if (n > 0) printf "%.1f", (b - a) / n; else print "n/a"}')
  local cond="$up >= $IDLE_COUNT && ${heap:-n/a} < 262144"
  [[ $tunnel == yes ]] || cond="0"
  echo "idle sessions: alknet $up of $IDLE_COUNT up, heap after GC $(awk -v h="${heap:-0}" 'BEGIN {printf "%.0f", h / 1024}') MiB" \
       "($per KiB per session over the empty server's $(awk -v h="${heap0:-0}" 'BEGIN {printf "%.0f", h / 1024}') MiB)," \
       "RSS $(awk -v r="$rss" 'BEGIN {printf "%.0f", r / 1024}') MiB; new session + tunnel meanwhile: $tunnel" \
       "(target: heap < 256 MiB at $IDLE_COUNT, tunnel yes); $(check "$cond")"
  # OpenSSH reference
  OSSH_EXTRA="MaxStartups 200:30:400"
  if start_openssh "$TRANSPORT_CIPHER"; then
    log "idle sessions: opening $OSSH_IDLE_COUNT on sshd"
    idle_sessions "${SIDE_PORT[openssh]}" "$OSSH_IDLE_COUNT" idle-openssh || true
    mem=$("${LOADGEN[@]}" mem "${SIDE_SERVER[openssh]}")
    [[ -n ${IDLE_PID:-} ]] && stop_pid "$IDLE_PID"
    echo "idle sessions reference: sshd with ${IDLE_UP:-0} of $OSSH_IDLE_COUNT sessions: RSS" \
         "$(awk -v r="$(field rss_kb "$mem")" 'BEGIN {printf "%.0f", r / 1024}') MiB, PSS" \
         "$(awk -v r="$(field pss_kb "$mem")" 'BEGIN {printf "%.0f", r / 1024}') MiB (all sshd processes);" \
         "alknet RSS growth per session $(awk -v r="$rss" -v r0="$rss0" -v n="$up" 'BEGIN {if (n > 0) printf "%.1f", (r - r0) / n; else print "n/a"}') KiB," \
         "sshd PSS per session $(awk -v r="$(field pss_kb "$mem")" -v n="${IDLE_UP:-0}" 'BEGIN {if (n > 0) printf "%.1f", r / n; else print "n/a"}') KiB"
  else
    echo "idle sessions reference: openssh n/a (${SIDE_DOWN[openssh]})"
  fi
  OSSH_EXTRA=""
  stop_side openssh
}

# the call-protocol rows: calls (vs gRPC), cluster hop and registered workers
# shellcheck source=bench/calls.sh
source "$BENCH_DIR/calls.sh"

main() {
  print_header
  # run a private copy: a rebuild of target/ during the run would break a running JVM
  if [[ -f $JAR ]]; then cp "$JAR" "$TMP/alknet.jar"; fi
  make_keys
  if ((${#TRANSPORTS[@]})); then make_tls_cert; fi
  start_load_servers
  log "raw loopback reference"
  bulk raw.warm "" "$WARM_BYTES" raw
  conns raw.warm "" "$WARM_CONNS" raw
  for ((rep = 1; rep <= REPS; rep++)); do bulk raw.bulk "" "$BULK_BYTES" raw; done
  for ((rep = 1; rep <= CONN_REPS; rep++)); do conns raw.conn "" "$CONN_COUNT" raw; done
  local raw rc; raw=$(bulk_summary raw.bulk); read -r -a rc <<<"$(conn_summary raw.conn)"
  echo "raw loopback: bulk ${raw% *} MB/s, connect+echo ${rc[0]} conn/s (p50 ${rc[1]} ms, p99 ${rc[2]} ms) [load generator ceiling]"
  train_cache
  if has_row startup; then run_startup; fi
  if has_row cold; then run_cold; fi
  if has_row bulk; then for cipher in "${CIPHERS[@]}"; do run_cipher "$cipher"; done; fi
  if has_row idle; then run_idle; fi
  if has_row calls; then run_calls; fi
  if has_row cluster; then run_cluster; fi
}

main
