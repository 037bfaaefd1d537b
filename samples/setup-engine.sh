#!/usr/bin/env bash
# samples/setup-engine.sh -- install the tools samples/build.sh needs and start
# a Docker engine if none is answering. Safe to run again (idempotent).
#
# Needs root and Debian (bookworm) apt. Nothing is pulled from an image
# registry: the base image is made locally from Debian's busybox-static.
#
# Installs: docker.io (engine + the /usr/bin/docker client), busybox-static,
#           skopeo, umoci, zstd, jq, file, debootstrap.
# Starts:   dockerd in the background (log: /tmp/dockerd.log) unless
#           `/usr/bin/docker info` already works. dockerd picks its default
#           storage driver; build.sh requires overlay2 (for the opaque
#           whiteout sample) and stops with an error otherwise.
#
# Always use /usr/bin/docker (Debian's client); another `docker` earlier on
# PATH may be a different client.
set -euo pipefail

DOCKER=/usr/bin/docker
PKGS=(docker.io busybox-static skopeo umoci zstd jq file debootstrap)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-engine: installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "setup-engine: starting dockerd (log /tmp/dockerd.log)"
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 1
  done
  "$DOCKER" info >/dev/null 2>&1 || { echo "setup-engine: dockerd did not come up, see /tmp/dockerd.log" >&2; exit 1; }
fi

echo "setup-engine: docker $("$DOCKER" version --format '{{.Server.Version}}'), storage driver $("$DOCKER" info --format '{{.Driver}}')"
