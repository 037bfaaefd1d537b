#!/usr/bin/env bash
# samples/make-base.sh -- import the busybox base image `tsimage-busybox:base` from Debian's busybox-static.
# Nothing can be pulled here, so every sample image build.sh builds starts from this. (The engine tests do
# not need it: test/busybox-base.ts imports layer 0 of a committed sample, which is this import, per run.)
#   --force   re-import even when the image exists (build.sh does, for a clean slate)
# Needs a running engine (/usr/bin/docker) and busybox-static.
set -euo pipefail
DOCKER=/usr/bin/docker
if [[ "${1:-}" != --force ]] && "$DOCKER" image inspect tsimage-busybox:base >/dev/null 2>&1; then exit 0; fi
BUSYBOX_VER="$(dpkg-query -W -f='${Version}' busybox-static)"
WORK="$(mktemp -d /tmp/tsimage-base.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
# rootfs: /bin/busybox + one symlink per applet, /etc/passwd, /etc/group,
# /tmp (1777), /root, /home/app (10001). Fixed mtimes and sorted names.
ROOT="$WORK/rootfs"
mkdir -p "$ROOT"/{bin,etc,root,tmp,home/app}
cp /bin/busybox "$ROOT/bin/busybox"
for a in $(busybox --list); do
  [[ "$a" == busybox ]] || ln -s busybox "$ROOT/bin/$a"
done
cat >"$ROOT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
app:x:10001:10001:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$ROOT/etc/group" <<'GROUP'
root:x:0:
app:x:10001:
nogroup:x:65534:
GROUP
chmod 1777 "$ROOT/tmp"
chmod 700 "$ROOT/root"
chown 10001:10001 "$ROOT/home/app"
# member names without a leading "./" (bin/, bin/busybox, etc/passwd, ...)
tar -C "$ROOT" --sort=name --numeric-owner --mtime='2024-01-01 00:00:00Z' -cf "$WORK/base.tar" bin etc home root tmp
"$DOCKER" import -m "tsimage busybox base (Debian busybox-static $BUSYBOX_VER)" \
  "$WORK/base.tar" tsimage-busybox:base >/dev/null
