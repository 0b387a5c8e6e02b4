#!/usr/bin/env bash
# Builds both images, runs deploy/compose.yaml (Redis, two silos, two client edges, nginx round robin) under a
# project name of its own, and proves it works through nginx with the load tool: a steady run, then a run during
# which edge1 restarts; both must lose nothing. The runs mix WebSocket, xhr-streaming and xhr polling: nginx sends
# an HTTP-transport session's requests to either edge, so the edges' forwarding (Edge:InternalUrl) is in the path.
# Everything it started is removed on exit (down -v), pass or fail.
#
#   deploy/docker-check.sh        exit 0 when every step passed
#
# Needs a running Docker engine, docker compose (v2 plugin) or docker-compose (v1), and the .NET SDK (the load
# tool runs on the host). Without registry access, deploy/offline-base-images.sh first.
#
# Environment (all optional):
#   REALTIME_CHECK_PORT      loopback port nginx is published on (default: a free one)
#   REALTIME_CHECK_TIMEOUT   seconds the topology may take to become ready, and edge1 to come back (default 240)
#   REALTIME_CHECK_BUILD     0: use the images as they are (realtime-orleans-{silo,edge}:$REALTIME_TAG)
#   REALTIME_TAG             the images' tag (default dev, as in compose.yaml)
#   REALTIME_CHECK_DOCKER_BUILD_ARGS  extra `docker build` arguments, e.g. --network host where the build's
#                            container cannot reach NuGet over Docker's bridge
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TIMEOUT="${REALTIME_CHECK_TIMEOUT:-240}"
export REALTIME_TAG="${REALTIME_TAG:-dev}"
# Unique per run, so that a check never touches another project's containers, network or Redis volume.
PROJECT="realtimecheck$$$RANDOM"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/realtime-docker-check.XXXXXX")"
LOAD_DLL="$ROOT/src/LoadTest/bin/Release/net10.0/Realtime.Orleans.LoadTest.dll"
# A multiple of 3, so that --transport mix opens as many of each transport.
CONNECTIONS=99
CHANNELS=5
PUBLISH_RATE=20

say() { printf '%s docker-check: %s\n' "$(date +%T)" "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
compose() { "${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/deploy/compose.yaml" -f "$WORK/check.yaml" "$@"; }

STARTED=0
LOAD_PID=""
cleanup() {
  local status=$?
  trap - EXIT
  if [ -n "$LOAD_PID" ] && kill -0 "$LOAD_PID" 2>/dev/null; then kill "$LOAD_PID" 2>/dev/null || true; fi
  if [ "$STARTED" = 1 ]; then
    if [ $status -ne 0 ]; then
      say "last log lines of each service"
      compose logs --no-color --tail 40 >&2 || true
    fi
    say "removing project $PROJECT (down -v)"
    compose down -v --remove-orphans >&2 || { say "down failed"; status=1; }
  fi
  rm -rf "$WORK"
  if [ $status -eq 0 ]; then say "PASSED"; else say "exit $status"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# port_in_use, free_port, http_status
. "$ROOT/deploy/loopback.sh"

health() { # service -> Docker's health status of its container (starting, healthy, unhealthy) or "missing"
  local id
  id="$(compose ps -q "$1" 2>/dev/null)"
  [ -n "$id" ] || { echo missing; return 0; }
  docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null \
    || echo missing
}

ready() { # what the check waits for: nginx serves /realtime/info and both edges are healthy
  [ "$(http_status "$PORT" /realtime/info)" = 200 ] && [ "$(health edge1)" = healthy ] && [ "$(health edge2)" = healthy ]
}

wait_for() { # description, deadline in seconds, command...: polls every second, says what it waits for
  local what="$1" limit="$2" deadline=$((SECONDS + $2)) next=0
  shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "$what: not within $limit s"
    if [ $SECONDS -ge $next ]; then
      say "waiting for $what (nginx /realtime/info $(http_status "$PORT" /realtime/info); redis $(health redis)," \
        "silo1 $(health silo1), silo2 $(health silo2), edge1 $(health edge1), edge2 $(health edge2))"
      next=$((SECONDS + 10))
    fi
    sleep 1
  done
}

edge_sessions() { # service -> its realtime_edge_sessions gauge, read inside the container (/metrics is not routed)
  docker exec "$(compose ps -q "$1")" bash -c \
    'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && cat <&3' \
    2>/dev/null | awk '/^realtime_edge_sessions[ {]/ { sub(/^[^ ]*\}/, ""); sub(/^realtime_edge_sessions/, ""); n += $1 }
                       END { print n + 0 }'
}

# The load tool's namespace, given to the edges by the check only: durable in Redis and with a history window
# far longer than a restart, so that clients of a draining edge resume on the other one without a gap.
write_override() {
  local edge
  {
    echo "services:"
    for edge in edge1 edge2; do
      cat <<EOF
  $edge:
    environment:
      Namespaces__load__Authenticated: "Subscribe, Publish, History"
      Namespaces__load__ClientPublish: "true"
      Namespaces__load__Durable: "true"
      Namespaces__load__HistorySize: "200"
      Namespaces__load__HistoryTtl: "00:10:00"
EOF
    done
  } >"$WORK/check.yaml"
}

start_load() { # name duration: the load tool through nginx, in the background (LOAD_PID); report in $WORK/NAME.*
  local name="$1" duration="$2"
  dotnet "$LOAD_DLL" --url "http://127.0.0.1:$PORT/realtime" --connections $CONNECTIONS --channels $CHANNELS \
    --transport mix --publish-rate "$PUBLISH_RATE/s" --warmup 5s --duration "$duration" --token-secret "$REALTIME_HMAC_SECRET" \
    --json "$WORK/$name.json" --max-loss 0 --quiet >"$WORK/$name.txt" 2>"$WORK/$name.err" &
  LOAD_PID=$!
}

finish_load() { # name: waits for the load tool; its exit status is --max-loss's verdict
  local status=0
  wait "$LOAD_PID" || status=$?
  LOAD_PID=""
  cat "$WORK/$1.txt"
  [ $status -eq 0 ] || { cat "$WORK/$1.err" >&2; fail "load run $1: the load tool exited with $status"; }
}

upgrade_status() { # origin -> the status of a WebSocket handshake through nginx that names that page origin
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 -H "Origin: $1" -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
    -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
    "http://127.0.0.1:$PORT/realtime/000/check$RANDOM/websocket" || true # a 101 then waits until --max-time
}

edge1_healthy() { [ "$(health edge1)" = healthy ]; }

sessions_on_both() { # every subscriber and the publisher on an edge, some on each (round robin, no stickiness)
  local one two
  one="$(edge_sessions edge1)"
  two="$(edge_sessions edge2)"
  [ "$one" -gt 0 ] && [ "$two" -gt 0 ] && [ $((one + two)) -gt $CONNECTIONS ]
}

check_report() { # name duration-seconds: exit status of the run was checked; now what --max-loss does not cover
  local name="$1" seconds="$2" report="$WORK/$1.json" expected
  jq -e --argjson n $CONNECTIONS '.Connected == $n and .ConnectFailures == 0 and .Lost == 0 and .Duplicated == 0
      and .Errors == 0 and .NotRecovered == 0' "$report" >/dev/null \
    || fail "$name: connections failed, or something was lost, duplicated, an error or not recovered: $(cat "$report")"
  # Offsets only show holes between messages a client got; one that stopped receiving shows up in the total.
  expected=$((PUBLISH_RATE * seconds * CONNECTIONS / CHANNELS))
  jq -e --argjson e "$expected" '.Delivered >= 0.8 * $e' "$report" >/dev/null \
    || fail "$name: $(jq .Delivered "$report") deliveries, expected about $expected"
}

command -v jq >/dev/null || fail "jq is missing (apt-get install -y jq): it reads the load tool's report"
command -v curl >/dev/null || fail "curl is missing (apt-get install -y curl): it checks the origin policy"
docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info)"
REALTIME_HMAC_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
REALTIME_FORWARDING_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export REALTIME_HMAC_SECRET REALTIME_FORWARDING_SECRET
PORT="${REALTIME_CHECK_PORT:-$(free_port)}"
port_in_use "$PORT" && fail "port $PORT is taken"
# compose.yaml publishes "${REALTIME_PORT}:8080": with an address in front, only on loopback.
export REALTIME_PORT="127.0.0.1:$PORT"
write_override

if [ "${REALTIME_CHECK_BUILD:-1}" != 0 ]; then
  for image in silo edge; do
    say "building realtime-orleans-$image:$REALTIME_TAG"
    start=$SECONDS
    # shellcheck disable=SC2086
    docker build ${REALTIME_CHECK_DOCKER_BUILD_ARGS:-} -f "$ROOT/deploy/$image.Dockerfile" \
      -t "realtime-orleans-$image:$REALTIME_TAG" "$ROOT" >"$WORK/build-$image.log" 2>&1 \
      || { tail -n 40 "$WORK/build-$image.log" >&2; fail "docker build of the $image image"; }
    say "built realtime-orleans-$image:$REALTIME_TAG in $((SECONDS - start)) s," \
      "$(docker image inspect --format '{{.Size}}' "realtime-orleans-$image:$REALTIME_TAG" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
  done
fi
say "building the load tool"
dotnet build -c Release "$ROOT/src/LoadTest/LoadTest.csproj" -v quiet -nologo >"$WORK/build-loadtest.log" 2>&1 \
  || { tail -n 40 "$WORK/build-loadtest.log" >&2; fail "dotnet build of src/LoadTest"; }

say "starting project $PROJECT, nginx on 127.0.0.1:$PORT"
STARTED=1
start=$SECONDS
# `up` itself waits for the health conditions of depends_on; the deadline bounds it too.
timeout "$TIMEOUT" "${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/deploy/compose.yaml" -f "$WORK/check.yaml" \
  up -d --no-build >&2 || fail "compose up (exit $?)"
wait_for "nginx and both edges" $((TIMEOUT - (SECONDS - start))) ready
say "ready after $((SECONDS - start)) s"

# The edges allow their own origin only (Production): a page served through nginx is that origin, another is not.
status="$(upgrade_status "http://127.0.0.1:$PORT")"
[ "$status" = 101 ] || fail "a WebSocket handshake from the page's own origin got $status through nginx, not 101"
status="$(upgrade_status "http://elsewhere.example")"
[ "$status" = 403 ] || fail "a WebSocket handshake from a foreign origin got $status through nginx, not 403"
say "origin policy through nginx: own origin 101, foreign origin 403"

say "load run 1: $CONNECTIONS connections (a third each websocket, xhr_streaming, xhr), $CHANNELS channels, $PUBLISH_RATE/s for 20 s through nginx"
start_load steady 20s
wait_for "every connection on an edge, some on each" 60 sessions_on_both
say "sessions: edge1 $(edge_sessions edge1), edge2 $(edge_sessions edge2)"
finish_load steady
check_report steady 20

say "load run 2: 40 s; edge1 restarts in it"
start_load rolling 40s
wait_for "every connection on an edge, some on each" 60 sessions_on_both
say "sessions: edge1 $(edge_sessions edge1), edge2 $(edge_sessions edge2); restarting edge1"
start=$SECONDS
compose restart edge1 >&2
wait_for "edge1 healthy again" "$TIMEOUT" edge1_healthy
say "edge1 restarted and healthy in $((SECONDS - start)) s; sessions: edge1 $(edge_sessions edge1), edge2 $(edge_sessions edge2)"
finish_load rolling
check_report rolling 40
# edge1 drained: its clients got disconnect 3000 with reconnect and came back through nginx.
jq -e '.Reconnects > 0 and .ReconnectFailures == 0' "$WORK/rolling.json" >/dev/null \
  || fail "load run 2: no client reconnected although edge1 restarted, or reconnects failed: $(cat "$WORK/rolling.json")"
