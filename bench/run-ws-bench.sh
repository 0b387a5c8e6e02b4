#!/usr/bin/env bash
# Side-by-side WebSocket benchmark, on this machine, in one run: the edge's SockJS websocket service,
# sockjs-node 0.3.24 and a bare Kestrel WebSocket app, all driven by the same load generator
# (bench/LoadGen) over loopback. Servers are compared by their own CPU time per delivered message at a
# fixed offered rate and by RSS per idle session; echo msgs/s and round trips are reported too (on a
# 2-core box they mostly measure the client, which shares the CPU). See docs/benchmarks.md.
#
# Usage: bench/run-ws-bench.sh                 (about 6 minutes; needs dotnet, node, npm)
# Knobs (environment): SERVERS="edge sockjs-node bare-kestrel" SUBSCRIBERS=1000 RATE=20
#   BROADCAST_SECONDS=20 BROADCAST_ROUNDS=2 IDLE=2000 IDLE_MARGINAL=6000 ECHO_SECONDS=10 RAMP=500
#   PAYLOAD=64 EDGE_ARGS="--Cluster:Mode=None" OUT=bench/results
set -euo pipefail
cd "$(dirname "$0")/.."

SERVERS=${SERVERS:-"edge sockjs-node bare-kestrel"}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
RATE=${RATE:-20}
BROADCAST_SECONDS=${BROADCAST_SECONDS:-20}
BROADCAST_ROUNDS=${BROADCAST_ROUNDS:-2}
IDLE=${IDLE:-2000}
IDLE_MARGINAL=${IDLE_MARGINAL:-6000}
ECHO_SECONDS=${ECHO_SECONDS:-10}
RAMP=${RAMP:-500}
PAYLOAD=${PAYLOAD:-64}
# The test services need no cluster; Mode=None also keeps the co-hosted silo's ports (11111, 30000) free.
EDGE_ARGS=${EDGE_ARGS:-"--Cluster:Mode=None"}
OUT=${OUT:-bench/results}
RUN="$OUT/$(date -u +%Y%m%dT%H%M%SZ)"
CLK_TCK=$(getconf CLK_TCK)
LOADGEN=(dotnet bench/LoadGen/bin/Release/net10.0/Realtime.Orleans.Bench.LoadGen.dll)
mkdir -p "$RUN"

started=()
stop_pid() { # pid: TERM, then KILL after 10 s
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }; sleep 0.2; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() { for p in "${started[@]}"; do stop_pid "$p"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

build() { # project: retried, since other builds on this machine may hold files for a moment
  for attempt in 1 2 3; do
    dotnet build -c Release "$1" -nologo -v quiet >"$RUN/build.log" 2>&1 && return 0
    log "build of $1 failed (attempt $attempt), retrying"; sleep 3
  done
  cat "$RUN/build.log" >&2; exit 1
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

json() { # file key -> value, or "n/a"
  node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=d[process.argv[2]];
           console.log(v===undefined||v===null?"n/a":v)' "$1" "$2" 2>/dev/null || echo n/a
}

start_server() { # name -> PID, PORT, FRAMING
  PORT=$(free_port)
  case $1 in
    edge)
      FRAMING=sockjs
      # shellcheck disable=SC2086
      dotnet src/Edge/bin/Release/net10.0/Realtime.Orleans.Edge.dll --urls "http://127.0.0.1:$PORT" \
        --Edge:ProtocolTestEndpoints=true --Auth:AllowAnonymous=true --Logging:LogLevel:Default=Warning $EDGE_ARGS >"$RUN/edge.log" 2>&1 &
      ;;
    sockjs-node)
      FRAMING=sockjs
      node bench/sockjs-node/server.js "$PORT" >"$RUN/sockjs-node.log" 2>&1 &
      ;;
    bare-kestrel)
      FRAMING=raw
      dotnet bench/BareKestrel/bin/Release/net10.0/Realtime.Orleans.Bench.BareKestrel.dll \
        --urls "http://127.0.0.1:$PORT" --Logging:LogLevel:Default=Warning >"$RUN/bare-kestrel.log" 2>&1 &
      ;;
    *) log "unknown server $1"; exit 2 ;;
  esac
  PID=$!
  started+=("$PID")
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && { sleep 2; return 0; }
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.2
  done
  log "$1 did not start; see $RUN/$1.log"; exit 1
}

loadgen() { # name phase mode service extra-args...
  local name=$1 phase=$2 mode=$3 service=$4; shift 4
  log "$name: $phase (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  timeout -k 5 180 "${LOADGEN[@]}" "$mode" --url "http://127.0.0.1:$PORT/$service" --framing "$FRAMING" \
    --ramp "$RAMP" --payload "$PAYLOAD" --server-pid "$PID" --clk-tck "$CLK_TCK" \
    --json "$RUN/$name-$phase.json" "$@" >"$RUN/$name-$phase.txt" 2>&1 || log "$name: $phase exited $?"
}

log "building (Release) into $RUN"
build bench/LoadGen/LoadGen.csproj
build bench/BareKestrel/BareKestrel.csproj
if [[ " $SERVERS " == *" edge "* ]]; then build src/Edge/Edge.csproj; fi
[ -d bench/sockjs-node/node_modules/sockjs ] || npm ci --prefix bench/sockjs-node --no-audit --no-fund >/dev/null
{ echo "date: $(date -u)"; echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')";
  echo "cpu: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"; echo "kernel: $(uname -r)";
  echo "dotnet: $(dotnet --version)"; echo "node: $(node --version)"; echo "CLK_TCK: $CLK_TCK";
  echo "SUBSCRIBERS=$SUBSCRIBERS RATE=$RATE BROADCAST_SECONDS=$BROADCAST_SECONDS BROADCAST_ROUNDS=$BROADCAST_ROUNDS IDLE=$IDLE IDLE_MARGINAL=$IDLE_MARGINAL ECHO_SECONDS=$ECHO_SECONDS RAMP=$RAMP PAYLOAD=$PAYLOAD EDGE_ARGS=$EDGE_ARGS"; } >"$RUN/env.txt"

for name in $SERVERS; do
  start_server "$name"
  log "$name: pid $PID on 127.0.0.1:$PORT ($FRAMING)"
  # Idle first, on a fresh process: RSS with no sessions (after 100 warm-up connections) vs with $IDLE,
  # then the marginal cost from $IDLE to $IDLE_MARGINAL sessions.
  loadgen "$name" idle idle broadcast --connections "$IDLE" --marginal-to "$IDLE_MARGINAL" \
    --duration 1s --settle-max 30s --warm-connections 100
  sleep 3
  for r in $(seq 1 "$BROADCAST_ROUNDS"); do
    loadgen "$name" "broadcast-$r" broadcast broadcast --connections "$SUBSCRIBERS" --rate "$RATE" \
      --warmup 3s --duration "${BROADCAST_SECONDS}s"
    sleep 1
  done
  # The round with the least server CPU per delivery stands for the server: other work on a shared box
  # only ever adds to it. Every round's JSON stays in the run directory.
  best=$(for r in $(seq 1 "$BROADCAST_ROUNDS"); do echo "$(json "$RUN/$name-broadcast-$r.json" serverCpuMicrosPerDelivery) $r"; done |
    { grep -v '^n/a' || true; } | sort -g | head -1 | cut -d' ' -f2)
  cp "$RUN/$name-broadcast-${best:-1}.json" "$RUN/$name-broadcast.json" 2>/dev/null || true
  for n in 100 1000; do
    loadgen "$name" "echo-$n" echo echo --connections "$n" --warmup 2s --duration "${ECHO_SECONDS}s"
    sleep 1
  done
  stop_pid "$PID"
done

row() { # name -> one markdown row
  local b="$RUN/$1-broadcast.json" i="$RUN/$1-idle.json" e1="$RUN/$1-echo-100.json" e2="$RUN/$1-echo-1000.json"
  local rounds; rounds=$(for r in $(seq 1 "$BROADCAST_ROUNDS"); do json "$RUN/$1-broadcast-$r.json" serverCpuMicrosPerDelivery; done | paste -sd/)
  printf '| %s | %s (%s + %s) | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s / %s | %s | %s / %s |\n' "$1" \
    "$(json "$b" serverCpuMicrosPerDelivery)" "$(json "$b" serverUserMicrosPerDelivery)" "$(json "$b" serverSystemMicrosPerDelivery)" \
    "$rounds" "$(json "$i" serverRssKiBPerSession)" "$(json "$i" serverRssMarginalKiBPerSession)" \
    "$(json "$b" deliveriesPerSecond)" "$(json "$b" latencyP50Ms)" "$(json "$b" latencyP99Ms)" "$(json "$b" lost)" \
    "$(json "$b" otherLoadCores)" \
    "$(json "$e1" echoesPerSecond)" "$(json "$e1" latencyP50Ms)" "$(json "$e1" latencyP99Ms)" \
    "$(json "$e2" echoesPerSecond)" "$(json "$e2" latencyP50Ms)" "$(json "$e2" latencyP99Ms)"
}

{
  echo "| server | CPU µs / delivery (user + sys) | every round | KiB / idle session (0→$IDLE) | marginal KiB ($IDLE→$IDLE_MARGINAL) | deliveries/s | broadcast p50 / p99 ms | lost | other load (cores) | echo msgs/s @100 | p50 / p99 ms @100 | echo msgs/s @1000 | p50 / p99 ms @1000 |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for name in $SERVERS; do row "$name"; done
  echo
  echo "$SUBSCRIBERS subscribers × $RATE broadcasts/s, best of $BROADCAST_ROUNDS × ${BROADCAST_SECONDS} s; $IDLE then $IDLE_MARGINAL idle sessions; echo ${ECHO_SECONDS} s closed loop; payload $PAYLOAD B; $(nproc) cores shared by client and server."
  if [[ " $SERVERS " == *" edge "* && " $SERVERS " == *" sockjs-node "* ]]; then
    node -e 'const [e,n,k,m]=process.argv.slice(1).map(Number);
      console.log(`edge / sockjs-node CPU per delivery: ${(e/n).toFixed(2)} (target <= 0.5); ` +
        `edge KiB per idle session: ${k} from zero, ${m} marginal (target <= 10)`)' \
      "$(json "$RUN/edge-broadcast.json" serverCpuMicrosPerDelivery)" "$(json "$RUN/sockjs-node-broadcast.json" serverCpuMicrosPerDelivery)" \
      "$(json "$RUN/edge-idle.json" serverRssKiBPerSession)" "$(json "$RUN/edge-idle.json" serverRssMarginalKiBPerSession)"
  fi
} >"$RUN/table.md"
cp "$RUN/table.md" "$OUT/latest.md"
cat "$RUN/table.md"
log "raw results in $RUN"
