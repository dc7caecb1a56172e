#!/usr/bin/env bash
# Builds the Dockerfile with podman and tests the image as it runs (docs/operations.md, "Running in a container").
# Root on Debian bookworm with podman, buildah and mmdebstrap (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=docker.io/library/node:20-bookworm-slim
IMAGE=${IMAGE:-localhost/nedetid:test}
NODE_BIN=$(command -v node)
STANDIN_LABEL=nedetid.stand-in

log() { printf '[%3ds] %s\n' "$SECONDS" "$*"; }
fail() {
  printf '[%3ds] FAIL: %s\n' "$SECONDS" "$*" >&2
  exit 1
}

# --- The base image: pulled where a registry answers, else a local stand-in --------------------

# node:20-bookworm-slim, made from Debian packages: debian bookworm (minbase), the machine's Node 20
# and npm in /usr/local as the official image has them, user node (uid 1000), and the machine's CA
# bundle so npm in the build reaches the registry through this network's TLS proxy.
make_stand_in() {
  local root node_version
  root=$(mktemp -d /var/tmp/nedetid-base.XXXXXX)
  node_version=$("$NODE_BIN" --version)
  log "making a stand-in for $BASE: mmdebstrap bookworm + Node $node_version"
  # The paths debian:bookworm-slim leaves out.
  mmdebstrap --quiet --variant=minbase \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/groff/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    bookworm "$root" >/dev/null
  install -D -m 755 "$NODE_BIN" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  install -D -m 644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  mkdir -p "$root/usr/local/etc"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nupdate-notifier=false\n' >"$root/usr/local/etc/npmrc"
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  # The official image's entrypoint: a first argument that is an option or not a command goes to node.
  cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'SH'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
SH
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  tar -C "$root" --numeric-owner -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=${node_version#v}" \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["node"]' \
    --change "LABEL $STANDIN_LABEL=$node_version" \
    - "$BASE" >/dev/null
  rm -rf "$root"
}

ensure_base() {
  if podman image exists "$BASE"; then
    local standin
    standin=$(podman image inspect --format "{{index .Labels \"$STANDIN_LABEL\"}}" "$BASE")
    if [ -z "$standin" ] || [ "$standin" = "$("$NODE_BIN" --version)" ]; then
      log "base $BASE present (${standin:+stand-in with Node }${standin:-pulled})"
      return
    fi
  fi
  if timeout 60 podman pull --quiet "$BASE" >/dev/null 2>&1; then
    log "pulled $BASE"
  else
    make_stand_in
  fi
}

ensure_base

# --- Build ------------------------------------------------------------------------------------

log "building $IMAGE"
podman build --quiet --isolation chroot --network=host --format docker --pull=never -t "$IMAGE" . >/dev/null
log "built $IMAGE"

# --- Run: the image's own entrypoint + CMD, as its USER, with its ENV ----------------------------
# `podman run` cannot start containers on these machines (crun cannot set rlimits), so each replica
# is a buildah container run with `buildah run --isolation chroot` (host network). Its root file
# system is remounted read-only first; the only writable place is a tmpfs on /run, where buildah
# puts its /run/.containerenv mountpoint.

WORK=$(mktemp -d /var/tmp/nedetid-image-test.XXXXXX)
declare -A CTR MNT PORT PID RUNNER STARTED
cleanup() {
  local name
  for name in "${!CTR[@]}"; do
    [ -n "${PID[$name]:-}" ] && kill -KILL "${PID[$name]}" 2>/dev/null || true
    [ -n "${RUNNER[$name]:-}" ] && wait "${RUNNER[$name]}" 2>/dev/null || true
    umount "${MNT[$name]}/run" 2>/dev/null || true
    buildah rm "${CTR[$name]}" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

podman image inspect "$IMAGE" >"$WORK/image.json"
# Prints one field of the image's configuration, NUL-separated, for `mapfile -d ''`.
image_field() {
  node -e '
    const [image] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const c = image.Config;
    const fields = {
      command: [...(c.Entrypoint ?? []), ...(c.Cmd ?? [])],
      user: [c.User ?? ""],
      healthcheck: image.Healthcheck?.Test ?? [],
    };
    process.stdout.write(fields[process.argv[2]].map((s) => s + "\0").join(""));
  ' "$WORK/image.json" "$1"
}
mapfile -d '' COMMAND < <(image_field command)
mapfile -d '' USER_NAME < <(image_field user)
mapfile -d '' HEALTH < <(image_field healthcheck)
[ "${HEALTH[0]:-}" = CMD ] || fail "the image has no HEALTHCHECK CMD (built without --format docker?)"
HEALTH=("${HEALTH[@]:1}")
case "${USER_NAME[0]}" in "" | root | 0 | 0:*) fail "the image's USER is '${USER_NAME[0]}' (root)" ;; esac
log "image: USER ${USER_NAME[0]}, command: ${COMMAND[*]}"

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
PUBLIC_URL=https://nedetid.example.no

# start NAME CONFIG_DIR: a replica of the image serving CONFIG_DIR mounted on /config, read-only root.
start() {
  local name=$1 dir=$2 waited=0
  CTR[$name]=$(buildah from --pull=never --name "nedetid-image-test-$name-$$" "$IMAGE")
  MNT[$name]=$(buildah mount "${CTR[$name]}")
  buildah run --isolation chroot "${CTR[$name]}" -- true # buildah's own mountpoints (/etc/hosts)
  mount -t tmpfs -o size=1m,mode=755 tmpfs "${MNT[$name]}/run"
  mount -o remount,ro "${MNT[$name]}"
  PORT[$name]=$(free_port)
  STARTED[$name]=$SECONDS
  buildah run --isolation chroot --env "PORT=${PORT[$name]}" --env "PUBLIC_URL=$PUBLIC_URL" \
    -v "$dir:/config:ro" "${CTR[$name]}" -- "${COMMAND[@]}" >"$WORK/$name.log" 2>&1 &
  RUNNER[$name]=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:${PORT[$name]}/healthz" 2>/dev/null; do
    kill -0 "${RUNNER[$name]}" 2>/dev/null || { tail -5 "$WORK/$name.log" >&2; fail "replica $name exited before it answered /healthz"; }
    [ $((waited += 1)) -le 120 ] || fail "replica $name did not answer /healthz within 60 s"
    sleep 0.5
  done
  PID[$name]=$(ss -Hltnp "sport = :${PORT[$name]}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
  [ -n "${PID[$name]}" ] || fail "no process listens on port ${PORT[$name]}"
}
url() { echo "http://127.0.0.1:${PORT[$1]}$2"; }
# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s, prints how long it took.
wait_for() {
  local limit=$1 what=$2 start=$EPOCHREALTIME
  shift 2
  until "$@"; do
    (($(date +%s) - ${start%.*} < limit)) || fail "$what: not within $limit s"
    sleep 0.2
  done
  log "$what after $(node -e "console.log((${EPOCHREALTIME} - ${start}).toFixed(1))") s"
}

mkdir -p "$WORK/config-a" "$WORK/config-b"
cp config/schedule.yaml "$WORK/config-a/schedule.yaml"
start a "$WORK/config-a"
log "replica a answers /healthz: $(curl -fsS "$(url a /healthz)")"

uid=$(awk '/^Uid:/ { print $2 }' "/proc/${PID[a]}/status")
[ "$uid" != 0 ] || fail "the server runs as root"
log "the server (pid ${PID[a]}) runs as uid $uid"

if ! buildah run --isolation chroot --env "PORT=${PORT[a]}" "${CTR[a]}" -- "${HEALTH[@]}"; then
  fail "the HEALTHCHECK command failed against a running server"
fi
# The same command against a port nothing listens on must fail, or it proves nothing.
if buildah run --isolation chroot --env "PORT=$(free_port)" "${CTR[a]}" -- "${HEALTH[@]}" 2>/dev/null; then
  fail "the HEALTHCHECK command passed with no server"
fi
log "the HEALTHCHECK command exits 0 (and 1 with no server)"

# date-holidays (the largest dependency, pruned in the Dockerfile) still loads: check warns about holidays.
buildah run --isolation chroot -v "$WORK/config-a:/config:ro" "${CTR[a]}" -- node bin/nedetid check >"$WORK/check.txt" 2>&1 || true
grep -q 'is Andre juledag' "$WORK/check.txt" || { cat "$WORK/check.txt" >&2; fail "nedetid check in the image found no public holiday"; }
log "nedetid check in the image: $(grep -c warning "$WORK/check.txt") warnings, holidays included"

# An edit, saved the way editors and git save (a new file renamed over the old one).
feed() { curl -fsS "$(url "$1" /feeds/all.ics)"; }
sed 's/title: Systemvedlikehold IST$/title: Systemvedlikehold IST (flyttet)/' config/schedule.yaml >"$WORK/config-a/.edit"
grep -q '(flyttet)' "$WORK/config-a/.edit" || fail "the edit did not apply"
mv "$WORK/config-a/.edit" "$WORK/config-a/schedule.yaml"
edited() { [[ $(feed a) == *'SUMMARY:Systemvedlikehold IST (flyttet)'* ]]; }
wait_for 15 "the edited schedule is served" edited
feed a >"$WORK/good.ics"
good_etag=$(curl -fsSI "$(url a /feeds/all.ics)" | tr -d '\r' | sed -n 's/^etag: //Ip')

# A broken edit: refused, /healthz says degraded, the last good feed stays.
cp "$WORK/config-a/schedule.yaml" "$WORK/good.yaml"
sed '0,/provider: ist$/s//provider: vsima/' "$WORK/good.yaml" >"$WORK/config-a/.edit"
mv "$WORK/config-a/.edit" "$WORK/config-a/schedule.yaml"
degraded() { [[ $(curl -fsS "$(url a /healthz)") == *'"status":"degraded"'* ]]; }
wait_for 15 "the broken edit is refused" degraded
log "/healthz: $(curl -fsS "$(url a /healthz)" | cut -c1-160)"
feed a | cmp -s - "$WORK/good.ics" || fail "a broken edit changed the served feed"
[ "$(curl -fsSI "$(url a /feeds/all.ics)" | tr -d '\r' | sed -n 's/^etag: //Ip')" = "$good_etag" ] ||
  fail "a broken edit changed the ETag"
log "the last good feed stays: same bytes, same ETag $good_etag"
mv "$WORK/good.yaml" "$WORK/config-a/schedule.yaml"
ok() { [[ $(curl -fsS "$(url a /healthz)") == *'"status":"ok"'* ]]; }
wait_for 15 "the fixed schedule is served again" ok

# --- Replicas: a second container, started later on the same schedule, serves the same bytes ----
cp "$WORK/config-a/schedule.yaml" "$WORK/config-b/schedule.yaml"
start b "$WORK/config-b"
mapfile -t paths < <(curl -fsS "$(url a /api/feeds)" |
  node -e 'for (const f of JSON.parse(require("fs").readFileSync(0, "utf8")).feeds) console.log(new URL(f.url).pathname)')
[ "${#paths[@]}" -gt 1 ] || fail "/api/feeds lists no feeds"
for path in "${paths[@]}"; do
  for name in a b; do
    curl -fsS -D "$WORK/$name.head" -o "$WORK/$name.body" "$(url "$name" "$path")"
    sed -n 's/^etag: //Ip' "$WORK/$name.head" | tr -d '\r' >"$WORK/$name.etag"
  done
  cmp -s "$WORK/a.body" "$WORK/b.body" || fail "$path differs between replicas a and b"
  cmp -s "$WORK/a.etag" "$WORK/b.etag" || fail "$path has ETag $(cat "$WORK/a.etag") on a, $(cat "$WORK/b.etag") on b"
  [ -s "$WORK/a.etag" ] || fail "$path has no ETag"
done
log "replicas a (reloaded) and b (started $((STARTED[b] - STARTED[a])) s later): ${#paths[@]} feeds, byte-identical, same ETags"
# Memory, for sizing a container's limit (docs/operations.md, "Running on Kubernetes"): now, and the peak of
# the process with its load workers (four loads of the shipped schedule so far).
log "replica a's memory: $(awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { printf "RSS %.0f MB, peak %.0f MB", r / 1024, h / 1024 }' "/proc/${PID[a]}/status")"
# What `nedetid build` writes for a static server or CDN is the same bytes.
mkdir -p "$WORK/out"
chmod 777 "$WORK/out"
buildah run --isolation chroot -v "$WORK/config-b:/config:ro" -v "$WORK/out:/tmp" "${CTR[b]}" -- \
  node bin/nedetid build --out /tmp >/dev/null
for path in "${paths[@]}"; do
  curl -fsS "$(url b "$path")" | cmp -s - "$WORK/out$path" || fail "nedetid build wrote other bytes for $path"
done
log "nedetid build in the image writes the same ${#paths[@]} feeds"

# --- SIGTERM: a request in flight when the signal comes is answered, then the process exits ----
# The request's headers are sent in two parts: the first before SIGTERM, the end after it.
node --input-type=module -e '
  import { connect } from "node:net";
  import { once } from "node:events";
  import { setTimeout as sleep } from "node:timers/promises";
  const [port, pid] = process.argv.slice(1).map(Number);
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.write("GET /feeds/all.ics HTTP/1.1\r\nHost: nedetid.example.no\r\n");
  await sleep(300);
  process.kill(pid, "SIGTERM");
  await sleep(300);
  socket.end("\r\n");
  const chunks = [];
  for await (const chunk of socket) chunks.push(chunk);
  process.stdout.write(Buffer.concat(chunks));
' "${PORT[a]}" "${PID[a]}" >"$WORK/drained.http"
head -1 "$WORK/drained.http" | grep -q '^HTTP/1.1 200' || { head -c 400 "$WORK/drained.http" >&2; fail "the request in flight at SIGTERM got no 200"; }
node -e '
  const fs = require("fs"), raw = fs.readFileSync(process.argv[1]);
  const body = raw.subarray(raw.indexOf("\r\n\r\n") + 4);
  process.exit(body.equals(fs.readFileSync(process.argv[2])) ? 0 : 1);
' "$WORK/drained.http" "$WORK/good.ics" || fail "the request in flight at SIGTERM got a different or cut body"
status=0
wait "${RUNNER[a]}" || status=$?
unset 'PID[a]' 'RUNNER[a]'
[ "$status" = 0 ] || { tail -5 "$WORK/a.log" >&2; fail "replica a exited with status $status after SIGTERM"; }
log "SIGTERM: the request in flight got its whole feed ($(wc -c <"$WORK/good.ics") bytes), then the process exited 0"
grep -q '"msg":"closing: finishing requests in flight"' "$WORK/a.log" || fail "replica a did not log its drain"
kill -TERM "${PID[b]}"
wait "${RUNNER[b]}" || fail "replica b exited with an error after SIGTERM"
unset 'PID[b]' 'RUNNER[b]'

# --- Read-only root: the runs wrote nothing, not even to the tmpfs on /run ----------------------
for name in a b; do
  written=$(find "${MNT[$name]}/run" -mindepth 1 | wc -l)
  [ "$written" = 0 ] || fail "replica $name left $written files on its /run tmpfs"
done
log "both replicas ran with a read-only root file system and left nothing in their tmpfs"

# --- Sizes ------------------------------------------------------------------------------------
image_size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
base_size=$(podman image inspect --format '{{.Size}}' "$BASE")
mb() { node -e "console.log((${1} / 1e6).toFixed(1) + ' MB')"; }
log "image $IMAGE: $(mb "$image_size"); base $BASE: $(mb "$base_size"); app layers: $(mb $((image_size - base_size)))"
log "what the app layers hold (du), and the largest runtime dependencies:"
(cd "${MNT[a]}/app" && du -s -- * | sort -rn | awk '{ printf "  %6.1f MB  /app/%s\n", $1 / 1024, $2 }')
(cd "${MNT[a]}/app/node_modules" && du -s -- * @*/* 2>/dev/null | sort -rn | head -8 | awk '{ printf "  %6.1f MB  %s\n", $1 / 1024, $2 }')
app_limit=$((60 * 1000 * 1000))
[ $((image_size - base_size)) -le $app_limit ] || fail "the app layers exceed 60 MB"
log "image test passed"
