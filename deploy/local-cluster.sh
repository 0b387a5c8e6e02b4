#!/usr/bin/env bash
# The deployment's topology as local processes on 127.0.0.1, no root and no containers needed:
# Debian's redis-server (membership and durable channels), two silos, two edges as Orleans clients of them,
# and nginx spreading connections over the edges round robin, without sticky sessions.
#
#   deploy/local-cluster.sh start            builds if needed, starts everything, waits until ready, prints the URL
#   deploy/local-cluster.sh status           what runs, on which ports; exit 0 only when all of it runs
#   deploy/local-cluster.sh restart NAME     stops one process gracefully and starts it again on the same ports
#                                            (silo1, silo2, edge1, edge2 or nginx): a rolling restart by hand
#   deploy/local-cluster.sh stop             stops everything (edges drain first); does nothing when stopped
#
# Environment (all optional):
#   REALTIME_RUN_DIR        pid files, logs, the generated nginx.conf (default: $TMPDIR/realtime-local-cluster)
#   REALTIME_NGINX_PORT     the public port (default: a free one); also REALTIME_REDIS_PORT, REALTIME_EDGE1_PORT,
#                           REALTIME_EDGE2_PORT, REALTIME_SILO1_PORT, REALTIME_SILO1_GATEWAY_PORT,
#                           REALTIME_SILO1_HEALTH_PORT and the same for SILO2
#   REALTIME_CONFIGURATION  Debug (default) or Release: which build of src/Silo and src/Edge runs
#   REALTIME_ENVIRONMENT    ASP.NET Core environment of silos and edges (default Development: anonymous
#                           clients and open namespaces, as with `dotnet run`)
#   REALTIME_CLUSTER_ID     the Orleans cluster id (default: local-<random>, so that runs never mix in Redis)
#   REALTIME_READY_TIMEOUT  seconds to wait for each step to become ready (default 120)
#   REALTIME_SILO_ARGS, REALTIME_EDGE_ARGS  extra command-line settings, split on spaces
# Any other setting reaches silos and edges alike through .NET's environment form, e.g.
#   Namespaces__chat__HistorySize=500 deploy/local-cluster.sh start
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${REALTIME_RUN_DIR:-${TMPDIR:-/tmp}/realtime-local-cluster}"
CONFIGURATION="${REALTIME_CONFIGURATION:-Debug}"
READY_TIMEOUT="${REALTIME_READY_TIMEOUT:-120}"
SILO_DLL="$ROOT/src/Silo/bin/$CONFIGURATION/net10.0/Realtime.Orleans.Silo.dll"
EDGE_DLL="$ROOT/src/Edge/bin/$CONFIGURATION/net10.0/Realtime.Orleans.Edge.dll"
STATE="$RUN_DIR/ports.env"
NAMES=(redis silo1 silo2 edge1 edge2 nginx)

say() { printf '%s\n' "$*" >&2; }
fail() { say "local-cluster: $*"; exit 1; }

find_binary() { # name, fallbacks...: the first executable found on PATH or at a fallback path
  local name="$1" candidate
  shift
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  for candidate in "$@"; do
    if [ -x "$candidate" ]; then printf '%s\n' "$candidate"; return 0; fi
  done
  return 1
}

# port_in_use, free_port, http_status
. "$ROOT/deploy/loopback.sh"

redis_pong() { # port: true when Redis answers PING
  local line=""
  if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
    printf 'PING\r\n' >&3 2>/dev/null || true
    IFS= read -r -t 5 line <&3 || true
    exec 3<&- 3>&-
  fi 2>/dev/null
  [[ $line == "+PONG"* ]]
}

pid_file() { printf '%s\n' "$RUN_DIR/pids/$1.pid"; }

running_pid() { # name -> its pid when it runs and is ours
  local file pid command
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # A pid from a stale file may now be some other program's: ours name this run's directory (nginx), cluster id
  # (silos, edges) or Redis port in their command line.
  command="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  case "$command" in
    *"$RUN_DIR"* | *"ClusterId=${CLUSTER_ID:-?}"* | *"redis-server 127.0.0.1:${REDIS_PORT:-?}"*) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

wait_until() { # what, command...: polls until the command succeeds, for at most READY_TIMEOUT seconds
  local what="$1" deadline=$((SECONDS + READY_TIMEOUT))
  shift
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then return 1; fi
    sleep 0.2
  done
}

log_tail() { say "--- last lines of $RUN_DIR/logs/$1.log"; tail -n 30 "$RUN_DIR/logs/$1.log" >&2 2>/dev/null || true; }

load_ports() {
  [ -f "$STATE" ] || return 1
  # shellcheck source=/dev/null
  . "$STATE"
}

choose_ports() {
  local name value variable
  for name in REDIS_PORT SILO1_PORT SILO1_GATEWAY_PORT SILO1_HEALTH_PORT SILO2_PORT SILO2_GATEWAY_PORT \
              SILO2_HEALTH_PORT EDGE1_PORT EDGE2_PORT NGINX_PORT; do
    variable="REALTIME_$name"
    value="${!variable:-}"
    # free_port runs in a subshell here, so the port is recorded as taken in this shell.
    if [ -z "$value" ]; then value="$(free_port)"; fi
    TAKEN="$TAKEN$value "
    printf -v "$name" '%s' "$value"
  done
  CLUSTER_ID="${REALTIME_CLUSTER_ID:-local-$(date +%s)-$RANDOM}"
  # Shared by both edges, and kept for restarts: a request one edge forwards to the other keeps its client's address.
  FORWARDING_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  {
    for name in REDIS_PORT SILO1_PORT SILO1_GATEWAY_PORT SILO1_HEALTH_PORT SILO2_PORT SILO2_GATEWAY_PORT \
                SILO2_HEALTH_PORT EDGE1_PORT EDGE2_PORT NGINX_PORT CLUSTER_ID FORWARDING_SECRET; do
      printf '%s=%q\n' "$name" "${!name}"
    done
  } >"$STATE"
  chmod 600 "$STATE"
}

spawn() { # name, working directory, command...: runs it detached (own session), output to its log
  local name="$1" dir="$2"
  shift 2
  local pid deadline=$((SECONDS + 10))
  (cd "$dir" && exec setsid "$@" </dev/null >"$RUN_DIR/logs/$name.log" 2>&1) &
  pid=$!
  printf '%s\n' "$pid" >"$(pid_file "$name")"
  # Until the subshell has become the program, its command line is this script's, which running_pid refuses.
  until running_pid "$name" >/dev/null || ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.05; done
}

cluster_args() {
  printf '%s\n' --Cluster:Provider=Redis "--Cluster:RedisConnection=127.0.0.1:$REDIS_PORT" \
    --Cluster:Persistence=Redis "--Cluster:ClusterId=$CLUSTER_ID"
}

start_redis() {
  local redis
  redis="$(find_binary redis-server /usr/bin/redis-server)" \
    || fail "redis-server is missing: apt-get install -y redis-server"
  spawn redis "$RUN_DIR" "$redis" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$RUN_DIR" --logfile ""
}

start_silo() { # 1 or 2
  local n="$1" port gateway health args
  port="SILO${n}_PORT"; gateway="SILO${n}_GATEWAY_PORT"; health="SILO${n}_HEALTH_PORT"
  mapfile -t args < <(cluster_args)
  # shellcheck disable=SC2086
  spawn "silo$n" "$(dirname "$SILO_DLL")" dotnet "$SILO_DLL" "${args[@]}" \
    "--Cluster:SiloPort=${!port}" "--Cluster:GatewayPort=${!gateway}" "--urls=http://127.0.0.1:${!health}" \
    "--environment=$ENVIRONMENT" ${REALTIME_SILO_ARGS:-}
}

start_edge() { # 1 or 2
  local n="$1" port args
  port="EDGE${n}_PORT"
  mapfile -t args < <(cluster_args)
  # In the environment, not on the command line, where `ps` would show the secret. nginx (127.0.0.1) is the
  # trusted proxy whose X-Forwarded-For names the client, as a production balancer would be.
  local -x Edge__ForwardingSecret="$FORWARDING_SECRET" Edge__TrustedProxies__0=127.0.0.1
  # shellcheck disable=SC2086
  spawn "edge$n" "$(dirname "$EDGE_DLL")" dotnet "$EDGE_DLL" "${args[@]}" --Cluster:Mode=Client \
    "--urls=http://127.0.0.1:${!port}" "--environment=$ENVIRONMENT" ${REALTIME_EDGE_ARGS:-}
}

write_nginx_conf() {
  local hard limit
  hard="$(ulimit -Hn)"
  limit=16384
  if [ "$hard" != unlimited ] && [ "$hard" -lt $limit ]; then limit="$hard"; fi
  mkdir -p "$RUN_DIR/nginx/temp"
  cat >"$RUN_DIR/nginx/nginx.conf" <<EOF
# Generated by deploy/local-cluster.sh; the compose equivalent is deploy/nginx/nginx.conf.
worker_processes 1;
worker_rlimit_nofile $limit;
pid $RUN_DIR/pids/nginx.pid;
error_log $RUN_DIR/logs/nginx.log warn;

events {
    worker_connections $((limit / 2));
}

http {
    access_log off;
    client_body_temp_path $RUN_DIR/nginx/temp/client_body;
    proxy_temp_path $RUN_DIR/nginx/temp/proxy;
    fastcgi_temp_path $RUN_DIR/nginx/temp/fastcgi;
    uwsgi_temp_path $RUN_DIR/nginx/temp/uwsgi;
    scgi_temp_path $RUN_DIR/nginx/temp/scgi;

    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ''      '';
    }

    # Round robin, no stickiness.
    upstream edges {
        server 127.0.0.1:$EDGE1_PORT;
        server 127.0.0.1:$EDGE2_PORT;
        keepalive 32;
    }

    server {
        listen 127.0.0.1:$NGINX_PORT;

        location /health/ { return 404; }
        location = /metrics { return 404; }

        location / {
            proxy_pass http://edges;
            include $ROOT/deploy/nginx/proxy.conf;
        }
    }
}
EOF
}

start_nginx() {
  local nginx
  nginx="$(find_binary nginx /usr/sbin/nginx)" || fail "nginx is missing: apt-get install -y nginx"
  write_nginx_conf
  # nginx daemonizes and writes its master's pid to pids/nginx.pid itself; -e: the log before the config is read.
  "$nginx" -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" -e "$RUN_DIR/logs/nginx.log" \
    >>"$RUN_DIR/logs/nginx.log" 2>&1 || { log_tail nginx; return 1; }
}

start_one() { # name: starts it and waits until it is ready
  local name="$1"
  case "$name" in
    redis) start_redis; wait_until "redis" redis_pong "$REDIS_PORT" ;;
    silo1 | silo2)
      local health="SILO${name#silo}_HEALTH_PORT"
      start_silo "${name#silo}"
      wait_until "$name" ready "$name" "${!health}" /health/ready
      ;;
    edge1 | edge2)
      local port="EDGE${name#edge}_PORT"
      start_edge "${name#edge}"
      wait_until "$name" ready "$name" "${!port}" /health/ready
      ;;
    nginx) start_nginx && wait_until nginx ready nginx "$NGINX_PORT" /realtime/info ;;
    *) fail "unknown process $name (one of ${NAMES[*]})" ;;
  esac || { log_tail "$name"; say "local-cluster: $name did not become ready within ${READY_TIMEOUT} s"; return 1; }
}

ready() { # name port path: 200 from the path, and the process has not died meanwhile
  running_pid "$1" >/dev/null || { log_tail "$1"; fail "$1 exited"; }
  [ "$(http_status "$2" "$3")" = 200 ]
}

stop_one() { # name: TERM, wait for the drain, KILL after the deadline; nothing when it is not running
  local name="$1" pid deadline
  pid="$(running_pid "$name")" || { rm -f "$(pid_file "$name")"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "local-cluster: $name ($pid) still runs 30 s after SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$(pid_file "$name")"
}

build_if_needed() {
  if [ -f "$SILO_DLL" ] && [ -f "$EDGE_DLL" ]; then return 0; fi
  say "building src/Silo and src/Edge ($CONFIGURATION)"
  dotnet build "$ROOT/src/Silo/Silo.csproj" -c "$CONFIGURATION" -v quiet -nologo >&2
  dotnet build "$ROOT/src/Edge/Edge.csproj" -c "$CONFIGURATION" -v quiet -nologo >&2
}

print_status() {
  local name pid all=0
  load_ports || { say "stopped (no $STATE)"; return 1; }
  for name in "${NAMES[@]}"; do
    if pid="$(running_pid "$name")"; then printf '%-6s running  pid %s\n' "$name" "$pid"
    else printf '%-6s stopped\n' "$name"; all=1; fi
  done
  printf 'redis 127.0.0.1:%s  silos %s/%s, %s/%s  edges http://127.0.0.1:%s, http://127.0.0.1:%s\n' \
    "$REDIS_PORT" "$SILO1_PORT" "$SILO1_GATEWAY_PORT" "$SILO2_PORT" "$SILO2_GATEWAY_PORT" "$EDGE1_PORT" "$EDGE2_PORT"
  printf 'url http://127.0.0.1:%s/realtime\n' "$NGINX_PORT"
  return $all
}

stop_all() {
  local name
  load_ports 2>/dev/null || true
  # Edges first, so that they drain while the cluster is still there; Redis last.
  for name in nginx edge1 edge2 silo1 silo2 redis; do stop_one "$name"; done
  # The next start chooses its ports afresh.
  rm -f "$STATE"
}

any_running() {
  local name
  for name in "${NAMES[@]}"; do running_pid "$name" >/dev/null && return 0; done
  return 1
}

cmd_start() {
  mkdir -p "$RUN_DIR/pids" "$RUN_DIR/logs"
  load_ports 2>/dev/null || true
  if any_running; then
    if print_status >/dev/null; then print_status; return 0; fi
    fail "partly running (see status); run stop first"
  fi
  build_if_needed
  choose_ports
  ENVIRONMENT="${REALTIME_ENVIRONMENT:-Development}"
  printf 'ENVIRONMENT=%q\n' "$ENVIRONMENT" >>"$STATE"
  # Whatever fails from here on, nothing is left running.
  STARTED=0
  trap 'if [ "$STARTED" != 1 ]; then say "local-cluster: start failed; stopping what was started"; stop_all; fi' EXIT
  start_one redis
  # Both silos join at once, then both edges connect at once.
  start_silo 1
  start_silo 2
  wait_until silo1 ready silo1 "$SILO1_HEALTH_PORT" /health/ready || { log_tail silo1; false; }
  wait_until silo2 ready silo2 "$SILO2_HEALTH_PORT" /health/ready || { log_tail silo2; false; }
  start_edge 1
  start_edge 2
  wait_until edge1 ready edge1 "$EDGE1_PORT" /health/ready || { log_tail edge1; false; }
  wait_until edge2 ready edge2 "$EDGE2_PORT" /health/ready || { log_tail edge2; false; }
  start_one nginx
  STARTED=1
  print_status
}

cmd_restart() {
  local name="${1:-}"
  case "$name" in silo1 | silo2 | edge1 | edge2 | nginx) ;; *) fail "restart what? silo1, silo2, edge1, edge2 or nginx" ;; esac
  load_ports || fail "not started"
  stop_one "$name"
  start_one "$name"
  say "$name restarted"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) stop_all; say "stopped" ;;
  status) print_status ;;
  restart) cmd_restart "${2:-}" ;;
  *) say "usage: $0 start|stop|status|restart NAME"; exit 2 ;;
esac
