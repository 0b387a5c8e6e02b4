# Helpers for the deploy scripts that start things on 127.0.0.1: sourced, not run. The caller defines fail().
# shellcheck shell=bash

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

TAKEN=" "
free_port() { # a port below Linux's ephemeral range (so outgoing connections never hold it), free now and not handed out before
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$((20000 + RANDOM % 12000))
    tries=$((tries + 1))
    case "$TAKEN" in *" $port "*) continue ;; esac
    if ! port_in_use "$port"; then TAKEN="$TAKEN$port "; printf '%s\n' "$port"; return 0; fi
  done
  fail "found no free port in 200 tries"
}

http_status() { # port path -> the HTTP status code, or 000 when nothing answers
  local line=""
  if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3 2>/dev/null || true
    IFS= read -r -t 5 line <&3 || true
    exec 3<&- 3>&-
  fi 2>/dev/null
  line="${line#HTTP/1.? }"
  printf '%s\n' "${line:0:3}" | grep -E '^[0-9]{3}$' || printf '000\n'
}
