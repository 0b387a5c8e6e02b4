#!/usr/bin/env bash
# Fan-out through the cluster, channel delivery by grain observers vs Orleans memory streams
# (Channels:Delivery), with the bare Kestrel and sockjs-node broadcasts at the same load, in one session.
#
#   fan-out:    one edge co-hosting a silo, SUBSCRIBERS WebSocket subscribers on 1 channel (src/LoadTest
#               --mode realtime), one publisher at RATE/s; server CPU µs per delivery, delivered/s, p50/p99.
#   cross-edge: two edges each co-hosting a silo (one cluster); the publisher on edge A at CROSS_RATE/s,
#               CROSS_SUBSCRIBERS subscribers on edge B; p50/p99.
#   baselines:  bench/BareKestrel and bench/sockjs-node driven by bench/LoadGen broadcast, SUBSCRIBERS
#               connections, RATE broadcasts/s (the same deliveries/s); server CPU µs per delivery.
#
# Every configuration runs ROUNDS times, interleaved (observers, streams, observers, ...), each on fresh
# processes bound to 127.0.0.1 with free ports; every process started is stopped (TERM, then KILL).
# Usage: bench/run-cluster-fanout.sh   Knobs: ROUNDS=2 SUBSCRIBERS=10000 RATE=2 CROSS_RATE=1000
#        CROSS_SUBSCRIBERS=10 MODES="Observers Streams" (also Streams-10ms: pulling agents poll every 10 ms) BASELINES="bare-kestrel sockjs-node" OUT=bench/results
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
SUBSCRIBERS=${SUBSCRIBERS:-10000}
RATE=${RATE:-2}
CROSS_RATE=${CROSS_RATE:-1000}
CROSS_SUBSCRIBERS=${CROSS_SUBSCRIBERS:-10}
MODES=${MODES:-"Observers Streams"}
BASELINES=${BASELINES:-"bare-kestrel sockjs-node"}
EXTRA_EDGE_ARGS=${EXTRA_EDGE_ARGS:-}
OUT=${OUT:-bench/results}
RUN="$OUT/fanout-$(date -u +%Y%m%dT%H%M%SZ)"
CLK_TCK=$(getconf CLK_TCK)
EDGE_DLL=src/Edge/bin/Release/net10.0/Realtime.Orleans.Edge.dll
LOADTEST=(dotnet src/LoadTest/bin/Release/net10.0/Realtime.Orleans.LoadTest.dll)
LOADGEN=(dotnet bench/LoadGen/bin/Release/net10.0/Realtime.Orleans.Bench.LoadGen.dll)
mkdir -p "$RUN"

started=()
stop_pid() { # pid: TERM, then KILL after 10 s
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }; sleep 0.2; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_all() { for p in "${started[@]}"; do stop_pid "$p"; done; started=(); }
trap stop_all EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
json() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=d[process.argv[2]];
                  console.log(v===undefined||v===null?"n/a":(typeof v==="number"?+v.toFixed(2):v))' "$1" "$2" 2>/dev/null || echo n/a; }
cpu_ticks() { local t=0 f; for p in "$@"; do f=$(sed 's/.*) //' "/proc/$p/stat"); t=$((t + $(echo "$f" | cut -d' ' -f12) + $(echo "$f" | cut -d' ' -f13))); done; echo "$t"; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; } # busy and total ticks
wait_port() { # pid port log
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || break
    sleep 0.2
  done
  log "server did not start; see $3"; exit 1
}

start_edge() { # name mode [primary silo port] -> PID PORT SILO
  PORT=$(free_port); SILO=$(free_port); local gateway delivery=$2 tuning=""; gateway=$(free_port)
  # "Streams-10ms": streams with the pulling agents polling every 10 ms instead of Orleans' 100 ms.
  if [[ $2 == Streams-10ms ]]; then delivery=Streams; tuning="--Channels:StreamPullingAgent:GetQueueMsgsTimerPeriod=00:00:00.010"; fi
  # shellcheck disable=SC2086
  dotnet "$EDGE_DLL" --urls "http://127.0.0.1:$PORT" --Logging:LogLevel:Default=Warning \
    --Cluster:Mode=CoHosted --Cluster:SiloPort="$SILO" --Cluster:GatewayPort="$gateway" \
    --Cluster:PrimarySiloPort="${3:-$SILO}" --Cluster:ClusterId="fanout-$$" --Channels:Delivery="$delivery" $tuning $EXTRA_EDGE_ARGS \
    >"$RUN/$1.log" 2>&1 &
  PID=$!; started+=("$PID")
  wait_port "$PID" "$PORT" "$RUN/$1.log"
  sleep 2
}

measure() { # name command... : runs it, records machine busy cores over the run and the CPU of $EDGES
  local name=$1; shift
  local b0 t0 b1 t1 c0 c1 s0 s1
  read -r b0 t0 < <(busy); c0=$(cpu_ticks ${EDGES:-}); s0=$(date +%s.%N)
  log "$name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  timeout -k 5 240 "$@" >"$RUN/$name.txt" 2>&1 || log "$name exited $?"
  read -r b1 t1 < <(busy); c1=$(cpu_ticks ${EDGES:-}); s1=$(date +%s.%N)
  echo "$(nproc) $b0 $t0 $b1 $t1" | awk '{printf "%.2f\n", $1*($4-$2)/($5-$3)}' >"$RUN/$name.busy"
  # Edge CPU in cores over the whole run (ramp, warm-up and window): cross-edge only.
  echo "$c0 $c1 $s0 $s1 $CLK_TCK" | awk '{printf "%.3f\n", ($2-$1)/$5/($4-$3)}' >"$RUN/$name.edgecpu"
}

{ echo "date: $(date -u)"; echo "git: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')";
  echo "cpu: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"; echo "dotnet: $(dotnet --version)"; echo "node: $(node --version)";
  echo "ROUNDS=$ROUNDS SUBSCRIBERS=$SUBSCRIBERS RATE=$RATE CROSS_RATE=$CROSS_RATE CROSS_SUBSCRIBERS=$CROSS_SUBSCRIBERS EXTRA_EDGE_ARGS=$EXTRA_EDGE_ARGS"; } >"$RUN/env.txt"

for r in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    start_edge "fanout-$mode-$r" "$mode"
    measure "fanout-$mode-$r" "${LOADTEST[@]}" --mode realtime --url "http://127.0.0.1:$PORT/realtime" \
      --connections "$SUBSCRIBERS" --ramp 2000/s --channels 1 --publish-rate "$RATE/s" --payload 128 \
      --warmup 5s --duration 20s --server-pid "$PID" --json "$RUN/fanout-$mode-$r.json"
    stop_all

    start_edge "cross-$mode-$r-A" "$mode"; local_a=$PORT; primary=$SILO; pid_a=$PID
    start_edge "cross-$mode-$r-B" "$mode" "$primary"; local_b=$PORT
    EDGES="$pid_a $PID" measure "cross-$mode-$r" "${LOADTEST[@]}" --mode realtime --publish-url "http://127.0.0.1:$local_a/realtime" \
      --url "http://127.0.0.1:$local_b/realtime" --connections "$CROSS_SUBSCRIBERS" --channels 1 \
      --publish-rate "$CROSS_RATE/s" --payload 128 --warmup 5s --duration 20s --json "$RUN/cross-$mode-$r.json"
    stop_all
  done

  for name in $BASELINES; do
    PORT=$(free_port)
    case $name in
      bare-kestrel)
        framing=raw
        dotnet bench/BareKestrel/bin/Release/net10.0/Realtime.Orleans.Bench.BareKestrel.dll \
          --urls "http://127.0.0.1:$PORT" --Logging:LogLevel:Default=Warning >"$RUN/$name-$r.log" 2>&1 & ;;
      sockjs-node)
        framing=sockjs
        node bench/sockjs-node/server.js "$PORT" >"$RUN/$name-$r.log" 2>&1 & ;;
    esac
    PID=$!; started+=("$PID")
    wait_port "$PID" "$PORT" "$RUN/$name-$r.log"; sleep 2
    measure "$name-$r" "${LOADGEN[@]}" broadcast --url "http://127.0.0.1:$PORT/broadcast" --framing "$framing" \
      --connections "$SUBSCRIBERS" --rate "$RATE" --ramp 2000 --payload 128 --warmup 5s --duration 20s \
      --server-pid "$PID" --clk-tck "$CLK_TCK" --json "$RUN/$name-$r.json"
    stop_all
  done
done

{
  echo "| run | server CPU µs / delivery | delivered/s | p50 / p99 ms | lost | server CPU % | machine busy cores |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for f in "$RUN"/fanout-*.json "$RUN"/cross-*.json; do
    n=$(basename "$f" .json)
    cpu=$(json "$f" ServerCpuPercent)
    # Cross-edge: both edges' CPU over the run, in cores, and µs per publication at CROSS_RATE.
    [[ $n == cross-* ]] && cpu="edges $(cat "$RUN/$n.edgecpu") cores = $(awk -v c="$(cat "$RUN/$n.edgecpu")" -v r="$CROSS_RATE" 'BEGIN{printf "%.0f", c*1e6/r}') µs/publication"
    echo "| $n | $(json "$f" ServerCpuMicrosPerDelivery) | $(json "$f" DeliveriesPerSecond) | $(json "$f" P50Ms) / $(json "$f" P99Ms) | $(json "$f" Lost) | $cpu | $(cat "$RUN/$n.busy") |"
  done
  for name in $BASELINES; do
    for r in $(seq 1 "$ROUNDS"); do
      f="$RUN/$name-$r.json"
      echo "| $name-$r | $(json "$f" serverCpuMicrosPerDelivery) | $(json "$f" deliveriesPerSecond) | $(json "$f" latencyP50Ms) / $(json "$f" latencyP99Ms) | $(json "$f" lost) | other load $(json "$f" otherLoadCores) | $(cat "$RUN/$name-$r.busy") |"
    done
  done
} | tee "$RUN/table.md"
log "results in $RUN"
