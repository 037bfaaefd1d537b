#!/usr/bin/env bash
# samples/build.sh -- (re)build the real container-image samples in samples/.
#
# Usage:  bash samples/build.sh [--install] [all|multiarch]
#   --install   first run samples/setup-engine.sh (apt-installs docker.io,
#               busybox-static, skopeo, umoci, zstd, jq, file and starts
#               dockerd if no engine answers), then apt-installs buildah.
#   all         (default) rebuild everything, multiarch included, and
#               regenerate README.md.
#   multiarch   rebuild ONLY multiarch.oci/ and multiarch.oci.tar from the
#               existing good.docker.tar (no Docker engine needed, nothing
#               else is touched) and patch their rows/section into README.md.
#
# Assumes: root, a running Docker engine reachable with /usr/bin/docker
# (Debian's client -- never another `docker` on PATH), storage driver overlay2
# (needed for the opaque-directory whiteout `.wh..wh..opq`; the script stops if
# the driver is anything else), skopeo, buildah, zstd, jq, file. No registry
# access: the base image is imported from Debian's busybox-static.
#
# Idempotent: every run deletes the previous tsimage-busybox/tsimage-sample
# images and outputs, rebuilds everything with --no-cache and rewrites
# samples/README.md, samples/*.history.txt and samples/waste.layers.txt.
# File contents differ from run to run (random bytes, timestamps, image ids)
# but the structure, layer order and the waste byte figures do not; the
# script checks those figures against the built layers and fails if they drift.
# The multiarch sample is byte-reproducible from a given good.docker.tar
# (buildah commit --timestamp), so `build.sh multiarch` alone rewrites it
# with the same digests.
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
#   multiarch.oci/        buildah manifest push --all --format oci: OCI layout
#                         whose index.json -> image index -> 3 platform
#                         manifests (linux/amd64, linux/arm64/v8, linux/arm/v7)
#   multiarch.oci.tar     the same index pushed to an oci-archive by buildah
#   <name>.history.txt    docker history --no-trunc created_by strings
#   waste.layers.txt      tar -tvf of every waste layer
#   README.md             generated description + tables
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DOCKER=/usr/bin/docker
DF="$HERE/dockerfiles"

MODE=all
INSTALL=0
for arg in "$@"; do
  case "$arg" in
    --install) INSTALL=1 ;;
    all|multiarch) MODE="$arg" ;;
    *) echo "usage: $0 [--install] [all|multiarch]" >&2; exit 2 ;;
  esac
done
if ((INSTALL)); then
  bash "$HERE/setup-engine.sh"
  # buildah is only needed for the multiarch sample, not by the tests, so it is
  # installed here rather than in setup-engine.sh (which .ci/run also calls).
  command -v buildah >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y buildah; }
fi

for t in skopeo buildah jq tar gzip sha256sum; do
  command -v "$t" >/dev/null || { echo "build.sh: missing $t (run with --install)" >&2; exit 1; }
done
BUILDAH="$(buildah --version | awk '{print $3}')"
SKOPEO="$(skopeo --version | awk '{print $3}')"
fail() { echo "build.sh: CHECK FAILED: $*" >&2; exit 1; }
sha() { sha256sum | awk '{print $1}'; }

WORK="$(mktemp -d /tmp/tsimage-samples.XXXXXX)"
EXPORT_CTR=tsimage-sample-export
cleanup() {
  [[ "$MODE" == multiarch ]] || "$DOCKER" rm -f "$EXPORT_CTR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ============================================================= multiarch
# multiarch.oci/ and multiarch.oci.tar: one OCI image index listing three
# platform manifests, all written by buildah. Each platform image is
# tsimage-sample/good:1 (taken from good.docker.tar) + one small layer with
# /etc/tsimage-platform, committed after `buildah config --os/--arch/--variant`,
# so config and index platform agree. The layers of good:1 are linux/amd64
# bytes in all three: arm64/v8 and arm/v7 are relabelled, not cross-built.
# buildah runs on a private vfs store under $WORK (nothing left behind, no
# system containers-storage touched). Functions only; called below (all) or
# on their own (`build.sh multiarch`).
MA_REF=tsimage-sample/multiarch:1
MA_PLATFORMS=(linux/amd64 linux/arm64/v8 linux/arm/v7)
ma_buildah() { buildah --root "$WORK/buildah/root" --runroot "$WORK/buildah/run" --storage-driver vfs "$@"; }
ma_blob() { echo "multiarch.oci/blobs/sha256/${1#sha256:}"; }
ma_index() { ma_blob "$(jq -r '.manifests[0].digest' multiarch.oci/index.json)"; }
ma_good_config() { tar -xOf good.docker.tar "$(tar -xOf good.docker.tar manifest.json | jq -r '.[0].Config')"; }
ma_dirbytes() { du -sb "$1" | awk '{print $1}'; }

build_multiarch() {
  [[ -f good.docker.tar ]] || { echo "build.sh: multiarch needs samples/good.docker.tar" >&2; exit 1; }
  local ts p os arch variant c args
  # commit time = good:1's created + 1 s (floor): deterministic, and not older
  # than the history it extends. Also the mtime of the new layer's entries.
  ts=$(( $(date -u -d "$(ma_good_config | jq -r .created)" +%s) + 1 ))
  echo "== multiarch: buildah $BUILDAH, ${MA_PLATFORMS[*]}, --timestamp $ts"
  rm -rf multiarch.oci multiarch.oci.tar
  ma_buildah pull -q docker-archive:good.docker.tar >/dev/null
  ma_buildah manifest create "$MA_REF" >/dev/null
  for p in "${MA_PLATFORMS[@]}"; do
    IFS=/ read -r os arch variant <<<"$p"
    args=(--os "$os" --arch "$arch")
    [[ -z "$variant" ]] || args+=(--variant "$variant")
    printf '%s\n' "$p" >"$WORK/platform.txt"
    touch -d "@$ts" "$WORK/platform.txt"
    c="$(ma_buildah from --pull-never --name "multiarch-$arch" tsimage-sample/good:1)"
    ma_buildah config "${args[@]}" \
      --created-by "buildah config ${args[*]} && buildah copy platform.txt /etc/tsimage-platform" "$c"
    ma_buildah copy --chown 0:0 --chmod 0644 "$c" "$WORK/platform.txt" /etc/tsimage-platform >/dev/null
    ma_buildah commit -q --rm --format oci --timestamp "$ts" "$c" "tsimage-sample/multiarch-$arch:1" >/dev/null
    # no --os/--arch here: buildah takes the platform from the committed config
    ma_buildah manifest add "$MA_REF" "tsimage-sample/multiarch-$arch:1" >/dev/null
  done
  ma_buildah manifest push -q --all --format oci "$MA_REF" "oci:multiarch.oci:$MA_REF"
  ma_buildah manifest push -q --all --format oci "$MA_REF" "oci-archive:multiarch.oci.tar:$MA_REF"
  chmod 644 multiarch.oci.tar
  verify_multiarch
}

verify_multiarch() {
  local idx good_diffs want got i p os arch variant m man cfg d b n shared=""
  [[ "$(jq -c . multiarch.oci/oci-layout)" == '{"imageLayoutVersion":"1.0.0"}' ]] || fail "multiarch oci-layout"
  for b in multiarch.oci/blobs/sha256/*; do
    [[ "$(sha <"$b")" == "$(basename "$b")" ]] || fail "multiarch blob $b does not match its name"
  done
  [[ "$(jq -c '[.manifests[] | [.mediaType, .annotations["org.opencontainers.image.ref.name"]]]' multiarch.oci/index.json)" \
     == "[[\"application/vnd.oci.image.index.v1+json\",\"$MA_REF\"]]" ]] || fail "multiarch index.json is not one image index named $MA_REF"
  idx="$(ma_index)"
  [[ "$(jq -r .mediaType "$idx")" == application/vnd.oci.image.index.v1+json ]] || fail "multiarch nested index mediaType"
  want="$(printf '%s\n' "${MA_PLATFORMS[@]}")"
  got="$(jq -r '.manifests[].platform | [.os, .architecture, (.variant // empty)] | join("/")' "$idx")"
  [[ "$got" == "$want" ]] || fail "multiarch index platforms: $got"
  # skopeo sees the same index (byte for byte) and picks each platform's config
  skopeo inspect --raw oci:multiarch.oci | cmp -s - "$idx" || fail "skopeo inspect --raw != index blob"
  good_diffs="$(ma_good_config | jq -c .rootfs.diff_ids)"
  i=0
  for p in "${MA_PLATFORMS[@]}"; do
    IFS=/ read -r os arch variant <<<"$p"
    m="$(jq -r ".manifests[$i].digest" "$idx")"; man="$(ma_blob "$m")"
    [[ "$(jq -r .mediaType "$man")" == application/vnd.oci.image.manifest.v1+json ]] || fail "$p manifest mediaType"
    cfg="$(jq -r .config.digest "$man")"
    [[ "$(jq -c '[.os, .architecture, .variant]' "$(ma_blob "$cfg")")" == "$(jq -nc --arg o "$os" --arg a "$arch" --arg v "$variant" '[$o, $a, (if $v == "" then null else $v end)]')" ]] \
      || fail "$p: config os/architecture/variant = $(jq -c '[.os, .architecture, .variant]' "$(ma_blob "$cfg")")"
    [[ "$(jq -c '.rootfs.diff_ids[:3]' "$(ma_blob "$cfg")")" == "$good_diffs" ]] || fail "$p: first diff_ids are not good:1's"
    [[ "$(jq '.layers | length' "$man") $(jq '.rootfs.diff_ids | length' "$(ma_blob "$cfg")")" == "4 4" ]] || fail "$p: layer count"
    n=0
    for d in $(jq -r '.layers[].digest' "$man"); do
      b="$(ma_blob "$d")"
      [[ "$(head -c 2 "$b" | od -An -tx1 | tr -d ' ')" == 1f8b ]] || fail "$p layer $n is not gzip"
      [[ "sha256:$(gzip -dc "$b" | sha)" == "$(jq -r ".rootfs.diff_ids[$n]" "$(ma_blob "$cfg")")" ]] || fail "$p layer $n != diff_id"
      n=$((n+1))
    done
    b="$(ma_blob "$(jq -r '.layers[3].digest' "$man")")"
    [[ "$(tar -tzf "$b" | tr '\n' ' ')" == "etc/ etc/tsimage-platform " ]] || fail "$p platform layer entries"
    [[ "$(tar -xOzf "$b" etc/tsimage-platform)" == "$p" ]] || fail "$p: /etc/tsimage-platform content"
    args=(--override-os "$os" --override-arch "$arch"); [[ -z "$variant" ]] || args+=(--override-variant "$variant")
    [[ "sha256:$(skopeo inspect "${args[@]}" --config --raw oci:multiarch.oci | sha)" == "$cfg" ]] || fail "skopeo picks another config for $p"
    d="$(jq -c '[.layers[:3][].digest]' "$man")"
    [[ -z "$shared" || "$d" == "$shared" ]] || fail "$p does not share good:1's layer blobs"
    shared="$d"
    i=$((i+1))
  done
  # the oci-archive holds exactly the same layout
  mkdir -p "$WORK/multiarch-tar"; tar -C "$WORK/multiarch-tar" -xf multiarch.oci.tar
  diff -r "$WORK/multiarch-tar" multiarch.oci >/dev/null || fail "multiarch.oci.tar differs from multiarch.oci/"
  (( $(ma_dirbytes multiarch.oci) + $(stat -c %s multiarch.oci.tar) < 3000000 )) || fail "multiarch samples are >= 3 MB"
  echo "== multiarch checks passed"
}

# README pieces for multiarch (used by the full README heredoc and by
# ma_patch_readme in `build.sh multiarch` mode)
ma_tools_row() {
  echo "| buildah | $BUILDAH | multiarch sample: \`buildah from\`/\`config --os --arch --variant\`/\`copy\`/\`commit --timestamp\` per platform (private vfs store), \`manifest create\`/\`add\`, \`manifest push --all --format oci\` to \`oci:\` and \`oci-archive:\` |"
}
ma_files_rows() {
  echo "| \`multiarch.oci/\` | $(ma_dirbytes multiarch.oci) | multi-platform OCI layout **directory**: \`index.json\` -> nested image index -> 3 manifests ($(printf '%s, ' "${MA_PLATFORMS[@]}" | sed 's/, $//')), configs with matching \`architecture\`/\`variant\`; all share good:1's gzip layers (amd64 bytes) | \`buildah manifest push --all --format oci\` $BUILDAH |"
  echo "| \`multiarch.oci.tar\` | $(stat -c %s multiarch.oci.tar) | the same index as an **oci-archive** (same index.json, oci-layout and blobs as \`multiarch.oci/\`) | \`buildah manifest push --all --format oci ... oci-archive:\` $BUILDAH |"
}
ma_section() {
  local idx idxd i m man cfg c p n b
  idx="$(ma_index)"; idxd="$(jq -r '.manifests[0].digest' multiarch.oci/index.json)"
  cat <<MD
## multiarch (\`multiarch.oci/\`, \`multiarch.oci.tar\`, ref \`$MA_REF\`)

Written by **buildah $BUILDAH** (run by \`build.sh\`, or alone by
\`bash samples/build.sh multiarch\`). For each platform: \`buildah from\`
tsimage-sample/good:1 (pulled from \`docker-archive:good.docker.tar\`),
\`buildah config --os linux --arch ARCH [--variant V]\`, \`buildah copy\` of a
one-line file \`/etc/tsimage-platform\` (the platform string, e.g.
\`linux/arm64/v8\`), \`buildah commit --format oci --timestamp <good's created + 1 s>\`;
then \`buildah manifest create\` + \`manifest add\` (platform taken from each
config) and \`buildah manifest push --all --format oci\` twice, to
\`oci:multiarch.oci:$MA_REF\` and \`oci-archive:multiarch.oci.tar:$MA_REF\`.

**Real vs. relabelled:** index, manifests, configs and blobs are all buildah
output, and each config's \`os\`/\`architecture\`/\`variant\` equals its index
\`platform\` (set by \`buildah config\` before the commit, not edited
afterwards). But the image contents are **not** cross-built: layers 0-2 are
good:1's linux/amd64 layers in all three manifests (\`/bin/busybox\` is the
x86-64 Debian busybox-static), so the arm64/v8 and arm/v7 images would not run
on those CPUs. The only per-platform bytes are layer 3 (\`etc/\`,
\`etc/tsimage-platform\`) and the config.

Layout: \`index.json\` has **one** entry, mediaType
\`application/vnd.oci.image.index.v1+json\`, digest \`$idxd\`
($(jq -r '.manifests[0].size' multiarch.oci/index.json) bytes), annotation \`org.opencontainers.image.ref.name: $MA_REF\`.
That nested image index (\`skopeo inspect --raw oci:samples/multiarch.oci\`
prints it byte for byte) lists the three manifests, in this order:

| # | index \`platform\` | manifest digest / bytes | config digest / bytes | config os/architecture[/variant] | layer 3 (\`etc/tsimage-platform\`) gzip blob / bytes |
|---|---|---|---|---|---|
MD
  i=0
  for m in $(jq -r '.manifests[].digest' "$idx"); do
    man="$(ma_blob "$m")"; cfg="$(jq -r .config.digest "$man")"; c="$(ma_blob "$cfg")"
    p="$(jq -c ".manifests[$i].platform" "$idx")"
    echo "| $i | \`$p\` | \`$m\` $(stat -c %s "$man") | \`$cfg\` $(stat -c %s "$c") | \`$(jq -r '[.os, .architecture, .variant] | map(select(. != null)) | join("/")' "$c")\` | \`$(jq -r '.layers[3].digest' "$man")\` $(jq -r '.layers[3].size' "$man") |"
    i=$((i+1))
  done
  man="$(ma_blob "$(jq -r '.manifests[0].digest' "$idx")")"; c="$(ma_blob "$(jq -r .config.digest "$man")")"
  cat <<MD

Layers 0-2, the same blobs in all three manifests (stored once), mediaType
\`application/vnd.oci.image.layer.v1.tar+gzip\`, each decompresses to good:1's diff_id:

| # | gzip blob / bytes | diff_id | content |
|---|---|---|---|
MD
  for n in 0 1 2; do
    b="$(jq -r ".layers[$n].digest" "$man")"
    echo "| $n | \`$b\` $(jq -r ".layers[$n].size" "$man") | \`$(jq -r ".rootfs.diff_ids[$n]" "$c")\` | $(case $n in 0) echo "busybox base (amd64)";; 1) echo "WORKDIR /app";; 2) echo "COPY run.sh";; esac) |"
  done
  cat <<MD

Configs (buildah's OCI re-serialization of good:1's config): User \`app\`,
WorkingDir \`/app\`, Entrypoint, Cmd, Env PATH, labels
\`org.opencontainers.image.title\` + buildah's \`io.buildah.version: $BUILDAH\`;
good:1's **Healthcheck is dropped** (no such field in an OCI config). History =
good:1's $(ma_good_config | jq '.history | length') entries + one added by buildah: created_by
\`buildah config --os linux --arch ARCH [--variant V] && buildah copy platform.txt /etc/tsimage-platform\`
(set with \`buildah config --created-by\`), comment \`FROM localhost/tsimage-sample/good:1\`,
created = config \`created\` = $(jq -r .created "$c") (= mtime of the layer-3 entries).
Manifests carry annotations \`org.opencontainers.image.base.name: localhost/tsimage-sample/good:1\`
and \`org.opencontainers.image.base.digest\`. The amd64 entry has no \`variant\` (neither
in the index nor in its config); arm64 carries \`variant: v8\` (as Docker Hub's official
images do), so a \`linux/arm64\` request must match \`linux/arm64/v8\`.

\`multiarch.oci.tar\` is buildah's oci-archive of the same list: members \`blobs/\`,
\`blobs/sha256/\`, the blobs, \`index.json\`, \`oci-layout\` (no \`./\` prefix, mtimes = build
time); extracted, it is identical to \`multiarch.oci/\` (build.sh checks with \`diff -r\`).
build.sh also checks that \`skopeo inspect --override-os/--override-arch/--override-variant
--config --raw\` selects each platform's config. Rebuilding from the same good.docker.tar
gives the same digests and a byte-identical \`multiarch.oci/\` (fixed \`--timestamp\`,
deterministic gzip; only the oci-archive's tar member mtimes change); a full rebuild,
which rewrites good.docker.tar, changes them.
MD
}
# patch README.md in place (multiarch mode): replace/insert the buildah row,
# the multiarch rows, the total size and the trailing multiarch section.
ma_patch_readme() {
  local tools files section total
  tools="$WORK/ma-tools"; files="$WORK/ma-files"; section="$WORK/ma-section"
  ma_tools_row >"$tools"; ma_files_rows >"$files"; ma_section >"$section"
  awk -v tools="$tools" -v files="$files" '
    function cat(f,  l) { while ((getline l < f) > 0) print l; close(f) }
    /^## multiarch / { exit }
    /^\| buildah \|/ || /^\| `multiarch\.oci/ { next }
    { print }
    /^\| skopeo \|/ { cat(tools) }
    /^\| `waste\.oci-zstd\/` \|/ { cat(files) }
  ' README.md >"$WORK/README.new"
  grep -q '^| buildah |' "$WORK/README.new" || fail "README.md: no skopeo row to put the buildah row after"
  grep -q '^| `multiarch.oci/`' "$WORK/README.new" || fail "README.md: no waste.oci-zstd/ row to put the multiarch rows after"
  sed -i -e '${/^$/d}' "$WORK/README.new"
  { echo; cat "$section"; } >>"$WORK/README.new"
  # same figure as the full run: du of samples/ while README.md is empty
  total=$(( $(du -sb . | awk '{print $1}') - $(stat -c %s README.md) ))
  sed -i -E "s/^Total size of samples\/: [0-9]+ bytes\./Total size of samples\/: $total bytes./" "$WORK/README.new"
  cat "$WORK/README.new" >README.md
  echo "== patched README.md (multiarch rows and section)"
}

if [[ "$MODE" == multiarch ]]; then
  cd "$HERE"
  build_multiarch
  ma_patch_readme
  ls -l multiarch.oci.tar; du -sb multiarch.oci
  exit 0
fi

# ============================================================= all (docker samples)
for t in "$DOCKER" zstd file busybox; do
  command -v "$t" >/dev/null || { echo "build.sh: missing $t (run with --install)" >&2; exit 1; }
done
"$DOCKER" info >/dev/null 2>&1 || { echo "build.sh: no Docker engine answers (run with --install)" >&2; exit 1; }

DRIVER="$("$DOCKER" info --format '{{.Driver}}')"
ENGINE="$("$DOCKER" version --format '{{.Server.Version}}')"
BUSYBOX_VER="$(dpkg-query -W -f='${Version}' busybox-static)"
[[ "$DRIVER" == overlay2 ]] || {
  echo "build.sh: dockerd uses storage driver '$DRIVER'; overlay2 is required for the opaque whiteout sample" >&2
  echo "          restart it with: dockerd --storage-driver overlay2" >&2
  exit 1
}
echo "== Docker Engine $ENGINE, storage driver $DRIVER, skopeo $SKOPEO, buildah $BUILDAH, busybox-static $BUSYBOX_VER"

# ---------------------------------------------------------------- clean slate
IMAGES=(tsimage-sample/waste:1 tsimage-sample/good:1 tsimage-sample/good:2
        tsimage-sample/buildkit:1 tsimage-sample/legacy:1 tsimage-busybox:base)
for img in "${IMAGES[@]}"; do "$DOCKER" rmi -f "$img" >/dev/null 2>&1 || true; done
"$DOCKER" image prune -f >/dev/null
cd "$HERE"
rm -rf waste.docker.tar waste.oci.tar waste.oci-zstd good.docker.tar buildkit.docker.tar \
       legacy.docker.tar multitag.docker.tar multi-image.docker.tar by-id.docker.tar export.tar \
       multiarch.oci multiarch.oci.tar ./*.history.txt waste.layers.txt

# ------------------------------------------------------------- base image
# The same recipe the engine tests use (.ci/run): see make-base.sh.
bash "$HERE/make-base.sh" --force

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

build_multiarch

chmod 644 ./*.tar
for n in waste good buildkit legacy; do
  "$DOCKER" history --no-trunc --format '{{.CreatedBy}}' "tsimage-sample/$n:1" >"$n.history.txt"
done
"$DOCKER" history --no-trunc --format '{{.CreatedBy}}' tsimage-busybox:base >base.history.txt

# ------------------------------------------------------------- verification
# Everything below reads the written archives (not the engine) and stops the
# script if a figure documented in README.md does not hold.
export TZ=UTC

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
$(ma_tools_row)
| busybox-static | $BUSYBOX_VER | the only binary in the base image |

## Files

| file | bytes | exercises | written by |
|---|---|---|---|
| \`waste.docker.tar\` | $(bytes waste.docker.tar) | legacy-builder image with deleted, chmod-copied, overwritten, opaque-replaced and duplicated files; 12 layers, \`#(nop)\` history | \`docker save\` (Engine $ENGINE, overlay2) |
| \`waste.oci.tar\` | $(bytes waste.oci.tar) | same image as OCI archive: index.json + oci-layout + blobs, layers \`tar+gzip\`, ref.name \`tsimage-sample/waste:1\` | \`skopeo copy\` $SKOPEO |
| \`waste.oci-zstd/\` | $(bytes waste.oci-zstd) | same image as OCI layout **directory**, layers \`application/vnd.oci.image.layer.v1.tar+zstd\` (magic \`28 b5 2f fd\`), ref.name \`1\` | \`skopeo copy --dest-compress --dest-compress-format zstd\` $SKOPEO |
$(ma_files_rows)
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

$(ma_section)
MD
echo "== wrote README.md, waste.layers.txt, *.history.txt"
ls -l "$HERE" | sed 1d
du -sh "$HERE"
