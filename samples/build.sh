#!/usr/bin/env bash
# samples/build.sh -- (re)build the real container-image samples in samples/.
#
# Usage:  bash samples/build.sh [--install]
#   --install   first run samples/setup-engine.sh (apt-installs docker.io,
#               busybox-static, skopeo, umoci, zstd, jq, file and starts
#               dockerd if no engine answers).
#
# Assumes: root, a running Docker engine reachable with /usr/bin/docker
# (Debian's client -- never another `docker` on PATH), storage driver overlay2
# (needed for the opaque-directory whiteout `.wh..wh..opq`; the script stops if
# the driver is anything else), skopeo, zstd, jq, file. No registry access:
# the base image is imported from Debian's busybox-static.
#
# Idempotent: every run deletes the previous tsimage-busybox/tsimage-sample
# images and outputs, rebuilds everything with --no-cache and rewrites
# samples/README.md, samples/*.history.txt and samples/waste.layers.txt.
# File contents differ from run to run (random bytes, timestamps, image ids)
# but the structure, layer order and the waste byte figures do not; the
# script checks those figures against the built layers and fails if they drift.
#
# Outputs (all under samples/):
#   waste.docker.tar      docker save tsimage-sample/waste:1 (legacy builder)
#   waste.oci.tar         skopeo copy -> oci-archive (gzip layers)
#   waste.oci-zstd/       skopeo copy -> oci layout dir, zstd layers
#   good.docker.tar       docker save tsimage-sample/good:1 (BuildKit)
#   buildkit.docker.tar   docker save tsimage-sample/buildkit:1 (BuildKit)
#   legacy.docker.tar     docker save tsimage-sample/legacy:1 (legacy builder)
#   multitag.docker.tar   docker save good:1 good:2 (one image, two tags)
#   multi-image.docker.tar docker save good:1 waste:1
#   by-id.docker.tar      docker save <image id of good> (no tags)
#   export.tar            docker export of a container from good:1
#   <name>.history.txt    docker history --no-trunc created_by strings
#   waste.layers.txt      tar -tvf of every waste layer
#   README.md             generated description + tables
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DOCKER=/usr/bin/docker
DF="$HERE/dockerfiles"

if [[ "${1:-}" == "--install" ]]; then
  bash "$HERE/setup-engine.sh"
  shift
fi
[[ $# -eq 0 ]] || { echo "usage: $0 [--install]" >&2; exit 2; }

for t in "$DOCKER" skopeo zstd jq file busybox tar sha256sum; do
  command -v "$t" >/dev/null || { echo "build.sh: missing $t (run with --install)" >&2; exit 1; }
done
"$DOCKER" info >/dev/null 2>&1 || { echo "build.sh: no Docker engine answers (run with --install)" >&2; exit 1; }

DRIVER="$("$DOCKER" info --format '{{.Driver}}')"
ENGINE="$("$DOCKER" version --format '{{.Server.Version}}')"
SKOPEO="$(skopeo --version | awk '{print $3}')"
BUSYBOX_VER="$(dpkg-query -W -f='${Version}' busybox-static)"
[[ "$DRIVER" == overlay2 ]] || {
  echo "build.sh: dockerd uses storage driver '$DRIVER'; overlay2 is required for the opaque whiteout sample" >&2
  echo "          restart it with: dockerd --storage-driver overlay2" >&2
  exit 1
}
echo "== Docker Engine $ENGINE, storage driver $DRIVER, skopeo $SKOPEO, busybox-static $BUSYBOX_VER"

WORK="$(mktemp -d /tmp/tsimage-samples.XXXXXX)"
EXPORT_CTR=tsimage-sample-export
cleanup() {
  "$DOCKER" rm -f "$EXPORT_CTR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------- clean slate
IMAGES=(tsimage-sample/waste:1 tsimage-sample/good:1 tsimage-sample/good:2
        tsimage-sample/buildkit:1 tsimage-sample/legacy:1 tsimage-busybox:base)
for img in "${IMAGES[@]}"; do "$DOCKER" rmi -f "$img" >/dev/null 2>&1 || true; done
"$DOCKER" image prune -f >/dev/null
cd "$HERE"
rm -rf waste.docker.tar waste.oci.tar waste.oci-zstd good.docker.tar buildkit.docker.tar \
       legacy.docker.tar multitag.docker.tar multi-image.docker.tar by-id.docker.tar export.tar \
       ./*.history.txt waste.layers.txt

# ------------------------------------------------------------- base image
# rootfs: /bin/busybox + one symlink per applet, /etc/passwd, /etc/group,
# /tmp (1777), /root, /home/app (10001). Fixed mtimes and sorted names.
ROOT="$WORK/rootfs"
mkdir -p "$ROOT"/{bin,etc,root,tmp,home/app}
cp /bin/busybox "$ROOT/bin/busybox"
for a in $(busybox --list); do
  [[ "$a" == busybox ]] || ln -s busybox "$ROOT/bin/$a"
done
cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
app:x:10001:10001:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
app:x:10001:
nogroup:x:65534:
EOF
chmod 1777 "$ROOT/tmp"
chmod 700 "$ROOT/root"
chown 10001:10001 "$ROOT/home/app"
# member names without a leading "./" (bin/, bin/busybox, etc/passwd, ...)
tar -C "$ROOT" --sort=name --numeric-owner --mtime='2024-01-01 00:00:00Z' -cf "$WORK/base.tar" bin etc home root tmp
"$DOCKER" import -m "tsimage busybox base (Debian busybox-static $BUSYBOX_VER)" \
  "$WORK/base.tar" tsimage-busybox:base >/dev/null

# ------------------------------------------------------------- build context
CTX="$WORK/ctx"
cp -a "$DF/context" "$CTX"
head -c 102400 /dev/urandom >"$CTX/copied.bin"

# ------------------------------------------------------------- images
echo "== building tsimage-sample/waste:1 (legacy builder)"
DOCKER_BUILDKIT=0 "$DOCKER" build --no-cache --rm --force-rm -q \
  -f "$DF/waste.Dockerfile" -t tsimage-sample/waste:1 "$CTX"
echo "== building tsimage-sample/good:1 (BuildKit)"
DOCKER_BUILDKIT=1 "$DOCKER" build --no-cache -q \
  -f "$DF/good.Dockerfile" -t tsimage-sample/good:1 "$CTX"
"$DOCKER" tag tsimage-sample/good:1 tsimage-sample/good:2
echo "== building tsimage-sample/buildkit:1 (BuildKit)"
DOCKER_BUILDKIT=1 "$DOCKER" build --no-cache -q --build-arg VERSION=1.2.3 \
  -f "$DF/buildkit.Dockerfile" -t tsimage-sample/buildkit:1 "$CTX"
echo "== building tsimage-sample/legacy:1 (legacy builder)"
DOCKER_BUILDKIT=0 "$DOCKER" build --no-cache --rm --force-rm -q --build-arg VERSION=1.2.3 \
  -f "$DF/legacy.Dockerfile" -t tsimage-sample/legacy:1 "$CTX"
# the legacy builder leaves the untagged "builder" stage image behind
"$DOCKER" image prune -f >/dev/null

# ------------------------------------------------------------- archives
echo "== saving archives"
"$DOCKER" save -o waste.docker.tar tsimage-sample/waste:1
"$DOCKER" save -o good.docker.tar tsimage-sample/good:1
"$DOCKER" save -o buildkit.docker.tar tsimage-sample/buildkit:1
"$DOCKER" save -o legacy.docker.tar tsimage-sample/legacy:1
"$DOCKER" save -o multitag.docker.tar tsimage-sample/good:1 tsimage-sample/good:2
"$DOCKER" save -o multi-image.docker.tar tsimage-sample/good:1 tsimage-sample/waste:1
GOOD_ID="$("$DOCKER" image inspect --format '{{.Id}}' tsimage-sample/good:1)"
"$DOCKER" save -o by-id.docker.tar "$GOOD_ID"
"$DOCKER" create --name "$EXPORT_CTR" tsimage-sample/good:1 >/dev/null
"$DOCKER" export -o export.tar "$EXPORT_CTR"
"$DOCKER" rm "$EXPORT_CTR" >/dev/null

echo "== skopeo conversions"
skopeo copy -q docker-archive:waste.docker.tar oci-archive:waste.oci.tar:tsimage-sample/waste:1
skopeo copy -q --dest-compress --dest-compress-format zstd \
  docker-archive:waste.docker.tar oci:waste.oci-zstd:1

chmod 644 ./*.tar
for n in waste good buildkit legacy; do
  "$DOCKER" history --no-trunc --format '{{.CreatedBy}}' "tsimage-sample/$n:1" >"$n.history.txt"
done
"$DOCKER" history --no-trunc --format '{{.CreatedBy}}' tsimage-busybox:base >base.history.txt

# ------------------------------------------------------------- verification
# Everything below reads the written archives (not the engine) and stops the
# script if a figure documented in README.md does not hold.
export TZ=UTC
fail() { echo "build.sh: CHECK FAILED: $*" >&2; exit 1; }
sha() { sha256sum | awk '{print $1}'; }

W="$WORK/waste"; mkdir -p "$W"; tar -C "$W" -xf waste.docker.tar
mapfile -t WLAYERS < <(jq -r '.[0].Layers[]' "$W/manifest.json")
WCONFIG="$(jq -r '.[0].Config' "$W/manifest.json")"
mapfile -t WDIFF < <(jq -r '.rootfs.diff_ids[]' "$W/$WCONFIG")
(( ${#WLAYERS[@]} == 12 )) || fail "waste has ${#WLAYERS[@]} layers, expected 12"
for i in "${!WLAYERS[@]}"; do
  [[ "sha256:$(sha <"$W/${WLAYERS[$i]}")" == "${WDIFF[$i]}" ]] || fail "waste layer $i sha256 != diff_id"
done
L() { echo "$W/${WLAYERS[$1]}"; }                      # layer tar of index $1
entry() { tar -tvf "$(L "$1")" | awk -v p="$2" '$6 == p'; } # tar -tv line of one member
size_of() { entry "$1" "$2" | awk '{print $3}'; }
mode_of() { entry "$1" "$2" | awk '{print $1}'; }
content() { tar -xOf "$(L "$1")" "$2" | sha; }
expect_size() { [[ "$(size_of "$1" "$2")" == "$3" ]] || fail "waste layer $1: $2 size '$(size_of "$1" "$2")' != $3"; }
names() { tar -tf "$(L "$1")" | tr '\n' ' '; }

[[ "$(names 1)" == "srv/ srv/app/ " ]] || fail "layer 1 (WORKDIR) = $(names 1)"
expect_size 2 srv/app/big.bin 300000
expect_size 3 srv/app/copied.bin 102400
[[ "$(mode_of 3 srv/app/copied.bin)" == -rw-r--r-- ]] || fail "layer 3 copied.bin mode"
expect_size 4 srv/app/config.dat 50000
expect_size 5 data/a.bin 1000
expect_size 5 data/b.bin 2000
expect_size 5 data/c.bin 3000
expect_size 5 data/sub/d.bin 4000
expect_size 6 srv/app/dup-a.bin 40000
[[ "$(names 7)" == "srv/ srv/app/ srv/app/.wh.big.bin " ]] || fail "layer 7 = $(names 7)"
expect_size 8 srv/app/copied.bin 102400
[[ "$(mode_of 8 srv/app/copied.bin)" == -rw------- ]] || fail "layer 8 copied.bin mode"
[[ "$(content 3 srv/app/copied.bin)" == "$(content 8 srv/app/copied.bin)" ]] || fail "chmod copy content differs"
expect_size 9 srv/app/config.dat 20000
[[ "$(content 4 srv/app/config.dat)" != "$(content 9 srv/app/config.dat)" ]] || fail "config.dat not overwritten"
[[ "$(names 10)" == "data/ data/.wh..wh..opq data/x " ]] || fail "layer 10 (opaque) = $(names 10)"
expect_size 10 data/x 4
expect_size 11 opt/dup-b.bin 40000
[[ "$(content 6 srv/app/dup-a.bin)" == "$(content 11 opt/dup-b.bin)" ]] || fail "dup files differ"
[[ "$(jq '[.history[] | select(.empty_layer != true)] | length' "$W/$WCONFIG")" == 12 ]] || fail "history/layer count"

# OCI variants: same diff_ids and history, config re-serialized by skopeo.
O="$WORK/oci"; mkdir -p "$O"; tar -C "$O" -xf waste.oci.tar
oci_manifest() { jq -r '.manifests[0].digest' "$1/index.json" | sed 's/^sha256://'; }
OMAN="$O/blobs/sha256/$(oci_manifest "$O")"
ZMAN="waste.oci-zstd/blobs/sha256/$(oci_manifest waste.oci-zstd)"
OCFG="$(jq -r .config.digest "$OMAN")"; ZCFG="$(jq -r .config.digest "$ZMAN")"
[[ "$OCFG" == "$ZCFG" ]] || fail "oci.tar and oci-zstd config digests differ"
DOCKER_CFG="sha256:${WCONFIG%.json}"
for f in "$O/blobs/sha256/${OCFG#sha256:}" "waste.oci-zstd/blobs/sha256/${ZCFG#sha256:}"; do
  [[ "$(jq -c .rootfs.diff_ids "$f")" == "$(jq -c .rootfs.diff_ids "$W/$WCONFIG")" ]] || fail "diff_ids differ in $f"
  [[ "$(jq -c .history "$f")" == "$(jq -c .history "$W/$WCONFIG")" ]] || fail "history differs in $f"
done
i=0
for d in $(jq -r '.layers[].digest' "$OMAN"); do
  b="$O/blobs/sha256/${d#sha256:}"
  [[ "$(head -c 2 "$b" | od -An -tx1 | tr -d ' ')" == 1f8b ]] || fail "oci.tar layer $i is not gzip"
  [[ "sha256:$(gzip -dc "$b" | sha)" == "${WDIFF[$i]}" ]] || fail "oci.tar layer $i != diff_id"
  i=$((i+1))
done
i=0
for d in $(jq -r '.layers[].digest' "$ZMAN"); do
  b="waste.oci-zstd/blobs/sha256/${d#sha256:}"
  [[ "$(head -c 4 "$b" | od -An -tx1 | tr -d ' ')" == 28b52ffd ]] || fail "zstd layer $i magic"
  [[ "$(file -b "$b")" == *Zstandard* ]] || fail "file(1) does not call zstd layer $i Zstandard"
  [[ "sha256:$(zstd -qdc "$b" | sha)" == "${WDIFF[$i]}" ]] || fail "zstd layer $i != diff_id"
  i=$((i+1))
done
[[ "$(jq -r '[.layers[].mediaType] | unique | join(",")' "$ZMAN")" == application/vnd.oci.image.layer.v1.tar+zstd ]] || fail "zstd media types"

# by-id: no repositories file, RepoTags null
tar -tf by-id.docker.tar >"$WORK/by-id.list"
grep -qx repositories "$WORK/by-id.list" && fail "by-id.docker.tar has a repositories file"
[[ "$(tar -xOf by-id.docker.tar manifest.json | jq -c '.[0].RepoTags')" == null ]] || fail "by-id RepoTags not null"
[[ "$(tar -xOf multitag.docker.tar manifest.json | jq -c '[length, .[0].RepoTags]')" == '[1,["tsimage-sample/good:1","tsimage-sample/good:2"]]' ]] || fail "multitag manifest"
[[ "$(tar -xOf multi-image.docker.tar manifest.json | jq length)" == 2 ]] || fail "multi-image manifest"
# claims made in README.md
[[ "$(jq '.history | length' "$W/$WCONFIG")" == 17 ]] || fail "waste history length"
[[ "$(jq -c '[.history[] | select(.empty_layer == true) | .created_by | split("#(nop)  ")[1] | split(" ")[0]]' "$W/$WCONFIG")" == '["LABEL","ENV","EXPOSE","USER","CMD"]' ]] || fail "waste empty_layer entries"
[[ "$(entry 10 data/.wh..wh..opq | awk '{print $1, $3, $4}')" == "-rwxr-xr-x 0 1970-01-01" ]] || fail "opaque marker attributes: $(entry 10 data/.wh..wh..opq)"
[[ "$(entry 7 srv/app/.wh.big.bin | awk '{print $1, $3}')" == "-rw------- 0" ]] || fail "whiteout attributes"
[[ "$(tar -xOf "$(L 10)" data/x)" == new ]] || fail "data/x content"
for i in "${!WLAYERS[@]}"; do
  n="$(tar -tf "$(L "$i")" | grep -c '\.wh\.' || true)"
  case $i in 7|10) [[ $n == 1 ]] ;; *) [[ $n == 0 ]] ;; esac || fail "unexpected whiteouts in waste layer $i"
done
[[ "$(tar -tf "$(L 0)" | grep -c '^\./' || true)" == 0 ]] || fail "base layer has ./ names"
layers_of() { tar -xOf "$1" manifest.json | jq -r '.[0].Layers | length'; }
[[ "$(layers_of good.docker.tar) $(layers_of buildkit.docker.tar) $(layers_of legacy.docker.tar)" == "3 8 7" ]] || fail "good/buildkit/legacy layer counts"
grep -q ONBUILD buildkit.history.txt && fail "BuildKit history unexpectedly has ONBUILD"
grep -q ONBUILD legacy.history.txt || fail "legacy history lacks ONBUILD"
[[ "$(tar -xOf multi-image.docker.tar manifest.json | jq -r '[.[].Layers[0]] | unique | length')" == 1 ]] || fail "multi-image base layer not shared"
tar -tf export.tar >"$WORK/export.list"
grep -qx .dockerenv "$WORK/export.list" || fail "export.tar lacks .dockerenv"
grep -q '^\./' "$WORK/export.list" && fail "export.tar has ./ names"
echo "== all checks passed"

# ------------------------------------------------------------- listings
# waste.layers.txt: tar -tvf of every waste layer (TZ=UTC, GNU tar format).
{
  echo "# tar -tvf of each layer of samples/waste.docker.tar (written by samples/build.sh, TZ=UTC)"
  echo "# index = 0-based position in manifest.json Layers / rootfs.diff_ids"
  for i in "${!WLAYERS[@]}"; do
    echo
    echo "## layer $i  ${WLAYERS[$i]}  diff_id ${WDIFF[$i]}"
    tar -tvf "$(L "$i")"
  done
} >waste.layers.txt

# ------------------------------------------------------------- README.md
md_escape() { sed -e 's/|/\\|/g'; }
bytes() { if [[ -d "$1" ]]; then du -sb "$1" | awk '{print $1}'; else stat -c %s "$1"; fi; }
# layer_table DIR: one markdown row per layer of the (single) image in an
# extracted docker-save DIR: index, layer.tar bytes, entries, created_by.
layer_table() {
  local d="$1" cfg i=0 l cb
  cfg="$(jq -r '.[0].Config' "$d/manifest.json")"
  mapfile -t cbs < <(jq -r '.history[] | select(.empty_layer != true) | (.created_by // "(none: docker import)")' "$d/$cfg")
  echo "| # | layer.tar bytes | entries | created_by of the history entry |"
  echo "|---|---|---|---|"
  for l in $(jq -r '.[0].Layers[]' "$d/manifest.json"); do
    cb="$(printf '%s' "${cbs[$i]}" | md_escape)"
    echo "| $i | $(stat -c %s "$d/$l") | $(tar -tf "$d/$l" | wc -l) | \`$cb\` |"
    i=$((i+1))
  done
}
extract() { local d="$WORK/x-$1"; mkdir -p "$d"; tar -C "$d" -xf "$1.docker.tar"; echo "$d"; }
GOOD_X="$(extract good)"; BK_X="$(extract buildkit)"; LEG_X="$(extract legacy)"
lines() { tar -tvf "$(L "$1")" | sed 's/^/    /'; }
layer_digest_rows() {
  local i
  mapfile -t OD < <(jq -r '.layers[] | "\(.digest) \(.size)"' "$OMAN")
  mapfile -t ZD < <(jq -r '.layers[] | "\(.digest) \(.size)"' "$ZMAN")
  for i in "${!WDIFF[@]}"; do
    echo "| $i | \`${WDIFF[$i]}\` $(stat -c %s "$(L "$i")") | \`${OD[$i]% *}\` ${OD[$i]#* } | \`${ZD[$i]% *}\` ${ZD[$i]#* } |"
  done
}
BASE_ENTRIES="$(tar -tf "$(L 0)" | wc -l)"
BASE_BYTES="$(stat -c %s "$(L 0)")"

cat >README.md <<MD
# samples/ -- real container images for tsimage tests

Everything here was written by real tools on Debian bookworm by
[\`build.sh\`](build.sh) (generated file -- rerun \`bash samples/build.sh\`, or
\`bash samples/build.sh --install\` on a fresh machine, instead of editing it).
The Dockerfiles are in [\`dockerfiles/\`](dockerfiles), their build context in
\`dockerfiles/context/\` (+ \`copied.bin\`, 102400 random bytes made by build.sh).
Contents change on every rebuild (random bytes, timestamps, ids); structure,
layer order and every byte figure below do not -- build.sh checks them against
the archives it wrote and fails if one drifts.

## Tools

| tool | version | notes |
|---|---|---|
| Docker Engine (Debian \`docker.io\`), client \`/usr/bin/docker\` | $ENGINE | storage driver **$DRIVER**; \`docker save\` writes the pre-v25 format (\`manifest.json\`, \`repositories\`, \`<id>/layer.tar\`, \`<id>/json\`, \`<id>/VERSION\`, \`<config>.json\`; no \`index.json\`/\`oci-layout\`); layer.tar are uncompressed and sha256(layer.tar) = diff_id |
| BuildKit (built into dockerd) | engine $ENGINE | works with \`DOCKER_BUILDKIT=1\`; built-in Dockerfile frontend has \`RUN --mount\` and \`COPY --chmod\` but **no heredocs**; \`# syntax=docker/dockerfile:1.4\` would pull an image (no registry here) so heredocs are not used |
| skopeo | $SKOPEO | docker-archive -> oci-archive (gzip layers, skopeo's default for OCI) and -> oci layout dir with zstd layers |
| busybox-static | $BUSYBOX_VER | the only binary in the base image |

## Files

| file | bytes | exercises | written by |
|---|---|---|---|
| \`waste.docker.tar\` | $(bytes waste.docker.tar) | legacy-builder image with deleted, chmod-copied, overwritten, opaque-replaced and duplicated files; 12 layers, \`#(nop)\` history | \`docker save\` (Engine $ENGINE, overlay2) |
| \`waste.oci.tar\` | $(bytes waste.oci.tar) | same image as OCI archive: index.json + oci-layout + blobs, layers \`tar+gzip\`, ref.name \`tsimage-sample/waste:1\` | \`skopeo copy\` $SKOPEO |
| \`waste.oci-zstd/\` | $(bytes waste.oci-zstd) | same image as OCI layout **directory**, layers \`application/vnd.oci.image.layer.v1.tar+zstd\` (magic \`28 b5 2f fd\`), ref.name \`1\` | \`skopeo copy --dest-compress --dest-compress-format zstd\` $SKOPEO |
| \`good.docker.tar\` | $(bytes good.docker.tar) | clean BuildKit image: non-root \`USER app\`, \`COPY --chown\`, WORKDIR, HEALTHCHECK, exec-form ENTRYPOINT, nothing deleted, no caches | \`docker save\` (BuildKit build) |
| \`buildkit.docker.tar\` | $(bytes buildkit.docker.tar) | many instructions for Dockerfile reconstruction, multi-stage, ARG/--build-arg, SHELL, ADD, VOLUME, STOPSIGNAL, HEALTHCHECK options, ONBUILD, \`RUN --mount=type=cache\`, \`COPY --chmod\` | \`docker save\` (BuildKit build) |
| \`legacy.docker.tar\` | $(bytes legacy.docker.tar) | the same Dockerfile minus BuildKit-only features, legacy builder (\`#(nop)\`, \`file:<sha>\` COPY/ADD history) | \`docker save\` (legacy build) |
| \`multitag.docker.tar\` | $(bytes multitag.docker.tar) | one image, two tags: one manifest.json entry with RepoTags \`[good:1, good:2]\`, \`repositories\` with both | \`docker save good:1 good:2\` |
| \`multi-image.docker.tar\` | $(bytes multi-image.docker.tar) | two images (good:1, waste:1) in one archive; they share the base layer, stored once | \`docker save good:1 waste:1\` |
| \`by-id.docker.tar\` | $(bytes by-id.docker.tar) | saved by image id: \`RepoTags: null\`, **no \`repositories\` file** | \`docker save <id of good:1>\` |
| \`export.tar\` | $(bytes export.tar) | bare rootfs of a container from good:1 (no manifest/config; has \`.dockerenv\`, \`dev/console\`, empty \`etc/hosts\` etc.) | \`docker create\` + \`docker export\` |
| \`*.history.txt\` | | \`docker history --no-trunc --format '{{.CreatedBy}}'\` of base, waste, good, buildkit, legacy: newest first, one per line; the imported base layer has an empty created_by (blank last line) | \`docker history\` |
| \`waste.layers.txt\` | $(bytes waste.layers.txt) | \`tar -tvf\` of every waste layer, base included | GNU tar |

Total size of samples/: $(du -sb . | awk '{print $1}') bytes. Every .docker.tar
carries the ~2 MB busybox base layer uncompressed, which is most of the size.

## Base image \`tsimage-busybox:base\`

\`docker import\` of a tar of: \`bin/busybox\` (Debian busybox-static, $(stat -c %s /bin/busybox) bytes) plus one
symlink \`bin/<applet> -> busybox\` per applet, \`etc/passwd\` and \`etc/group\`
(root 0, app 10001, nobody 65534), \`home/app/\` (10001:10001), \`root/\` (0700),
\`tmp/\` (1777). Member names have no \`./\` prefix, owners are numeric only
(no uname/gname), mtimes are 2024-01-01T00:00:00Z. Layer 0 of every sample:
$BASE_ENTRIES entries, $BASE_BYTES bytes of layer.tar. Its history entry has no
created_by, only comment "tsimage busybox base (Debian busybox-static $BUSYBOX_VER)".

## waste (\`tsimage-sample/waste:1\`, dockerfiles/waste.Dockerfile)

Legacy builder (\`DOCKER_BUILDKIT=0\`), storage driver overlay2. 12 layers; the
history has 17 entries, 5 of them \`empty_layer\` (LABEL, ENV, EXPOSE, USER, CMD).
Note the legacy builder's **WORKDIR makes a real layer** (layer 1, only the
directory entries). Layer indexes are 0-based over layers that have a tar.

$(layer_table "$W")

### Layer entries (\`tar -tvf\`, TZ=UTC; base layer in waste.layers.txt)

$(for i in $(seq 1 11); do echo "layer $i:"; echo; lines "$i"; echo; done)

The opaque marker is produced by **dockerd $ENGINE's overlay2 driver** (the
legacy builder's commit of \`rm -rf /data && mkdir /data && ...\`): layer 10 has
exactly the entries \`data/\`, \`data/.wh..wh..opq\` (size 0, mode 0755, mtime
1970-01-01) and \`data/x\`. The deleted file gets a per-file whiteout
\`srv/app/.wh.big.bin\` (layer 7, size 0, mode 0600). No per-file whiteouts for
the /data files appear anywhere.

### Waste figures (exact bytes)

| what | where it is written | what hides / repeats it | bytes |
|---|---|---|---|
| deleted file | layer 2 \`srv/app/big.bin\` (300000) | layer 7 whiteout \`srv/app/.wh.big.bin\` | **300000** |
| chmod copy | layer 3 \`srv/app/copied.bin\` (102400, -rw-r--r--, COPY) | layer 8 \`srv/app/copied.bin\` (102400, -rw-------, same content; \`RUN chmod 600\`) | **102400** |
| overwritten file | layer 4 \`srv/app/config.dat\` v1 (50000) | layer 9 \`srv/app/config.dat\` v2 (20000, different content) | **50000** (v1) |
| opaque dir | layer 5 \`data/a.bin\` 1000, \`data/b.bin\` 2000, \`data/c.bin\` 3000, \`data/sub/d.bin\` 4000 (+ dirs \`data/\`, \`data/sub/\`) | layer 10 \`data/.wh..wh..opq\` (+ new \`data/x\`, 4 bytes: "new\\n") | **10000** |
| duplicated content | layer 6 \`srv/app/dup-a.bin\` (40000) | layer 11 \`opt/dup-b.bin\` (40000, identical bytes, \`cp\`) | **40000** (one copy) |

Hidden (deleted + shadowed) bytes: 300000 + 102400 + 50000 + 10000 = **462400**;
with the duplicate copy: **502400**. Regular-file bytes in all non-base layers:
300000 + 102400 + 50000 + 10000 + 40000 + 102400 + 20000 + 4 + 40000 = **664804**.
Final filesystem (besides the base): \`srv/app/copied.bin\` 102400 (0600),
\`srv/app/config.dat\` 20000, \`srv/app/dup-a.bin\` 40000, \`data/x\` 4,
\`opt/dup-b.bin\` 40000 (= 202404 bytes); \`srv/app/big.bin\`, \`data/a.bin\`,
\`data/b.bin\`, \`data/c.bin\`, \`data/sub/\` are gone.
Every RUN/COPY layer that touches /srv/app also carries the directory entries
\`srv/\` and \`srv/app/\` (changed mtime) -- no file bytes.

Config: User \`app\`, WorkingDir \`/srv/app\`, Env APP_HOME/APP_MODE, ExposedPorts
8080/tcp, Cmd \`["sh"]\`, two labels.

### The three waste formats

Docker config digest (\`<id>.json\` in waste.docker.tar, = image id):
\`$DOCKER_CFG\`; OCI config digest (same in waste.oci.tar and waste.oci-zstd):
\`$OCFG\`. **skopeo changes the config**: converting
to OCI it re-serializes the config without Docker-only fields
(\`container\`, \`container_config\`, \`docker_version\`, and the false/null/empty
members of \`config\` such as Hostname, Image, AttachStdin, Volumes:null,
Entrypoint:null, OnBuild:null), so the config digest differs. \`rootfs.diff_ids\`
and \`history\` are byte-identical in all three (checked by build.sh), and every
layer blob decompresses to its diff_id. Layer digests differ (uncompressed vs
gzip vs zstd):

| # | diff_id / docker layer.tar bytes | oci.tar gzip blob / bytes | oci-zstd blob / bytes |
|---|---|---|---|
$(layer_digest_rows)

## good (\`tsimage-sample/good:1\` = \`:2\`, dockerfiles/good.Dockerfile)

BuildKit. Config: User \`app\`, WorkingDir \`/app\`, Entrypoint \`["/app/run.sh"]\`,
Cmd \`["sleep","3600"]\`, Healthcheck \`CMD /bin/sh -c "test -x /app/run.sh"\`
interval 30s timeout 3s, one label; no ExposedPorts/Volumes. \`app/run.sh\` is
owned 10001/10001 (numeric only, BuildKit writes no user names) mode 0755.
BuildKit also makes a layer for WORKDIR. History comments are
\`buildkit.dockerfile.v0\`; created_by has no \`/bin/sh -c #(nop)\` prefix, COPY
lines end in \` # buildkit\` and \`--chown\` is not recorded.

$(layer_table "$GOOD_X")

## buildkit (\`tsimage-sample/buildkit:1\`, dockerfiles/buildkit.Dockerfile)

BuildKit, \`--build-arg VERSION=1.2.3\` (FLAVOR keeps its default).
Things a Dockerfile reconstruction will meet here:
- \`RUN |2 VERSION=1.2.3 FLAVOR=default /bin/sh -ec ... # buildkit\`: build args in
  declaration order, then the SHELL set earlier.
- \`ARG\` lines appear as empty layers (\`ARG VERSION=0.0.0\` shows the default,
  not the value passed).
- The multi-stage \`COPY --from=builder\` shows as plain \`COPY /out/greeting.txt ...\`;
  \`COPY --chmod=0755\` shows as plain \`COPY start.sh ...\`; \`RUN --mount=type=cache\`
  is not recorded (its layer holds only the mount point \`var/cache/sample/\`, not
  the \`stamp\` file written into the cache).
- **ONBUILD has no history entry in BuildKit** (only config.OnBuild has it).
- EXPOSE is printed as \`EXPOSE map[53/udp:{} 8080/tcp:{}]\`, HEALTHCHECK as
  Go \`%v\` of the struct: \`HEALTHCHECK &{["CMD" ...] "30s" "5s" "10s" '\\x03'}\`.
- RUN layers also contain the runc mount points \`dev/ etc/ proc/ sys/\` (dirs only).
- Config: Shell \`["/bin/sh","-ec"]\`, StopSignal SIGTERM, Volumes \`/opt/app/data\`,
  ExposedPorts \`53/udp\`,\`8080/tcp\`, Healthcheck with Interval 30s, Timeout 5s,
  StartPeriod 10s, Retries 3, OnBuild \`["RUN echo \"child build of the tsimage buildkit sample\""]\`,
  Entrypoint \`["/opt/app/start.sh"]\`, Cmd \`["--serve"]\`, User \`app\`.

$(layer_table "$BK_X")

## legacy (\`tsimage-sample/legacy:1\`, dockerfiles/legacy.Dockerfile)

Legacy builder, same \`--build-arg VERSION=1.2.3\`. Differences from buildkit:
#(nop) prefixes follow the SHELL (\`/bin/sh -c #(nop)\` before SHELL,
\`/bin/sh -ec #(nop)\` after); RUN is \`|2 FLAVOR=default VERSION=1.2.3 /bin/sh -ec ...\`
(args sorted by name, no \`#(nop)\`); COPY/ADD are
\`#(nop) COPY file:<sha256> in <dest> \` (trailing space, no source name);
ONBUILD **is** in history; EXPOSE is \`EXPOSE 53/udp 8080\`; history entries have no
comment; RUN layers have no dev/proc/sys entries. Same config values otherwise.

$(layer_table "$LEG_X")

## Multi-tag, multi-image, by-id

- \`multitag.docker.tar\`: manifest.json has 1 entry, RepoTags
  \`["tsimage-sample/good:1","tsimage-sample/good:2"]\`; \`repositories\` maps both
  tags to the same top layer id.
- \`multi-image.docker.tar\`: 2 entries (good:1 with 3 layers, waste:1 with 12);
  layer 0 (base) is the same \`<id>/layer.tar\` for both.
- \`by-id.docker.tar\`: 1 entry with \`"RepoTags": null\`, no \`repositories\` file.

## export.tar

\`docker export\` of a created (never started) container from good:1:
$(tar -tf export.tar | wc -l) entries, plain rootfs tar, member names without \`./\`,
owner names present (root/root, app/app). Added by the engine: \`.dockerenv\`,
\`dev/console\`, \`dev/pts/\`, \`dev/shm/\`, \`etc/hostname\`, \`etc/hosts\`,
\`etc/resolv.conf\` (empty), \`etc/mtab -> /proc/mounts\`, \`proc/\`, \`sys/\`.
MD
echo "== wrote README.md, waste.layers.txt, *.history.txt"
ls -l "$HERE" | sed 1d
du -sh "$HERE"
