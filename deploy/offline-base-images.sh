#!/usr/bin/env bash
# For air-gapped machines: a Docker engine, Debian's package mirror and NuGet are reachable, but no container
# registry is. Builds local stand-ins for the base images that deploy/*.Dockerfile and deploy/compose.yaml name,
# tagged with exactly those names, so that the committed Dockerfiles and compose file stay the production ones:
#
#   mcr.microsoft.com/dotnet/sdk:10.0      Debian bookworm + this host's .NET install (SDK included)
#   mcr.microsoft.com/dotnet/aspnet:10.0   Debian bookworm + this host's .NET and ASP.NET Core runtimes only,
#                                          user `app` (uid 1654, $APP_UID) as in Microsoft's image
#   redis:7.4-bookworm                     Debian bookworm's redis-server (7.0, not 7.4: what Debian ships)
#   nginx:1.28-bookworm                    Debian unstable's nginx (bookworm's 1.22 and trixie's 1.26 lack
#                                          `resolve` on upstream servers, which deploy/nginx/nginx.conf uses)
#
#   deploy/offline-base-images.sh            builds the images that are missing
#   deploy/offline-base-images.sh --force    rebuilds all of them
#
# Needs root (debootstrap), debootstrap (apt-get install debootstrap), a running Docker engine and a .NET SDK on
# PATH that satisfies global.json. Never run this where the registries are reachable: a stand-in tagged with a
# registry's name shadows the real image until it is removed (docker rmi) and pulled again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIRROR="${REALTIME_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ASPNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
REDIS_IMAGE=redis:7.4-bookworm
NGINX_IMAGE=nginx:1.28-bookworm
# Plain Debian roots the four images start from; not registry names, so they never shadow anything.
BOOKWORM_BASE=realtime-offline/debian:bookworm
SID_BASE=realtime-offline/debian:sid

FORCE=0
case "${1:-}" in
  "") ;;
  --force) FORCE=1 ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

say() { printf 'offline-base-images: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
wanted() { [ "$FORCE" = 1 ] || ! have_image "$1"; }

[ "$(id -u)" = 0 ] || fail "debootstrap needs root"
command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install -y debootstrap"
docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info)"
DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")" || fail "no dotnet on PATH"
# The SDK image must build the repository, so its SDK must be one global.json accepts.
(cd "$ROOT" && dotnet --version >/dev/null) || fail "the host's .NET SDK does not satisfy global.json"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/realtime-offline.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

debian_base() { # suite tag: a minimal Debian root imported as an image
  local suite="$1" tag="$2"
  if ! wanted "$tag"; then return 0; fi
  say "debootstrap $suite from $MIRROR into $WORK/$suite"
  debootstrap --variant=minbase "$suite" "$WORK/$suite" "$MIRROR" >"$WORK/debootstrap-$suite.log" 2>&1 \
    || { tail -n 20 "$WORK/debootstrap-$suite.log" >&2; fail "debootstrap $suite failed"; }
  # debootstrap leaves the host's resolv.conf and its apt caches behind; neither belongs in an image.
  rm -rf "$WORK/$suite/var/cache/apt/archives"/*.deb "$WORK/$suite/var/lib/apt/lists"/*
  : >"$WORK/$suite/etc/resolv.conf"
  tar -C "$WORK/$suite" --numeric-owner -c . \
    | docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' - "$tag" >/dev/null
  rm -rf "${WORK:?}/$suite"
  say "imported $tag"
}

build() { # tag context: docker build of a generated Dockerfile; apt-get inside needs the host's network
  say "building $1"
  docker build --network host -q -t "$1" "$2" >/dev/null
}

# The packages Microsoft's runtime-deps image (bookworm-slim) adds for .NET.
DOTNET_DEPS="ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata zlib1g"
# The ENV Microsoft's images set and that the repository's Dockerfiles rely on ($APP_UID) or that change .NET's
# behaviour in a container.
DOTNET_ENV='ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true'

debian_base bookworm "$BOOKWORM_BASE"

if wanted "$SDK_IMAGE"; then
  mkdir -p "$WORK/sdk"
  cp -a "$DOTNET_ROOT_DIR" "$WORK/sdk/dotnet"
  # Restores inside the build reach NuGet the way this host does: behind a TLS-inspecting proxy its certificate
  # chain ends at a CA only the host trusts, so the host's whole bundle joins Debian's.
  cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$WORK/sdk/host-trust.crt"
  cat >"$WORK/sdk/Dockerfile" <<EOF
FROM $BOOKWORM_BASE
RUN apt-get update && apt-get install -y --no-install-recommends $DOTNET_DEPS && rm -rf /var/lib/apt/lists/*
COPY host-trust.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
$DOTNET_ENV \\
    DOTNET_NOLOGO=true \\
    DOTNET_USE_POLLING_FILE_WATCHER=true \\
    NUGET_XMLDOC_MODE=skip
EOF
  build "$SDK_IMAGE" "$WORK/sdk"
  rm -rf "${WORK:?}/sdk"
fi

if wanted "$ASPNET_IMAGE"; then
  # The runtimes only: the muxer, the host resolver and the shared frameworks, no SDK.
  mkdir -p "$WORK/aspnet/dotnet"
  cp -a "$DOTNET_ROOT_DIR/dotnet" "$DOTNET_ROOT_DIR/host" "$DOTNET_ROOT_DIR/shared" "$WORK/aspnet/dotnet/"
  cat >"$WORK/aspnet/Dockerfile" <<EOF
FROM $BOOKWORM_BASE
RUN apt-get update && apt-get install -y --no-install-recommends $DOTNET_DEPS && rm -rf /var/lib/apt/lists/*
$DOTNET_ENV
RUN groupadd --gid=\$APP_UID app && useradd --no-log-init --uid=\$APP_UID --gid=\$APP_UID --create-home app
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
EOF
  build "$ASPNET_IMAGE" "$WORK/aspnet"
  rm -rf "${WORK:?}/aspnet"
fi

if wanted "$REDIS_IMAGE"; then
  mkdir -p "$WORK/redis"
  # The official image compiles protected mode out; Debian's redis-server, started without a config file, would
  # refuse every client from another container.
  cat >"$WORK/redis/entrypoint.sh" <<'EOF'
#!/bin/sh
if [ "${1:-}" = redis-server ]; then
  shift
  exec redis-server --protected-mode no "$@"
fi
exec "$@"
EOF
  cat >"$WORK/redis/Dockerfile" <<EOF
FROM $BOOKWORM_BASE
RUN apt-get update && apt-get install -y --no-install-recommends redis-server redis-tools && rm -rf /var/lib/apt/lists/*
RUN mkdir /data && chown redis:redis /data
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
USER redis
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
EOF
  build "$REDIS_IMAGE" "$WORK/redis"
fi

if wanted "$NGINX_IMAGE"; then
  debian_base sid "$SID_BASE"
  mkdir -p "$WORK/nginx"
  # Debian's package logs to files under /var/log/nginx; the official image links them to the container's output.
  # Unstable's Release file expires after a week: an internal mirror that syncs less often (or a machine whose
  # clock runs ahead of it) would otherwise stop apt here.
  cat >"$WORK/nginx/Dockerfile" <<EOF
FROM $SID_BASE
RUN apt-get -o Acquire::Check-Valid-Until=false update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/* \\
 && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
EOF
  build "$NGINX_IMAGE" "$WORK/nginx"
fi

docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' \
  | grep -E "^($SDK_IMAGE|$ASPNET_IMAGE|$REDIS_IMAGE|$NGINX_IMAGE|realtime-offline/debian:[a-z]+)\b" >&2 || true
