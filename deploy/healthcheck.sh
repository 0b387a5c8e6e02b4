#!/usr/bin/env bash
# Container health check for the silo and edge images, which have bash but no curl: bash's /dev/tcp.
#   realtime-healthcheck PORT PATH    exits 0 when http://127.0.0.1:PORT/PATH answers 200
# The image's HEALTHCHECK bounds the time it may take.
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 PORT PATH" >&2
  exit 2
fi
exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ $status == HTTP/1.?" 200 "* ]]
