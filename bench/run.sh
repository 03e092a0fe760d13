#!/usr/bin/env bash
# Benchmarks berthd side by side with Docker (dockerd started here) and Podman, on this
# machine, in one run. Results go to $W/results; docs/PERFORMANCE.md records them.
#
#   bench/run.sh [SECTION...]  default: setup run engine import commit build exec cp idle
#                              health throughput preview studio cleanup
#     setup    busybox image and a 100 MiB tar; start berthd and dockerd; configure podman
#     run      `run --rm IMG true` through each engine's CLI
#     engine   berthd alone (create, start, wait, delete over the socket; bridge and none)
#              against `runc run`, whose default spec gives a network namespace with only lo
#     import   import of the 100 MiB tar
#     commit   commit of a stopped container that wrote 50 x 1 MiB random files
#     build    the 10-step Dockerfile cold (--no-cache), fully cached, and a 50-step cached rebuild
#     exec     `exec CONTAINER true` into a running `sleep 3600` container, and the PSS of
#              that container's berth-shim (exec must not grow it)
#     cp       docker cp of a 50 MiB tree (50 x 1 MiB) into and out of a running container
#     idle     start 50 idle containers one after another; PSS of one idle berth-shim
#     health   100 idle containers whose health check runs every second: CPU seconds the
#              engine spends per minute (berthd with its shims and probe helpers; dockerd,
#              containerd and the containerd shims)
#     throughput  TCP transfer of 64 MiB: loopback to a published port (socat on the host
#              reads from busybox nc in the container), and container to container on a
#              user-defined network by name (busybox nc at both ends, started with exec)
#     preview  the Dockerfile studio's layer preview on berthd alone: keystroke to rows
#              updated with the engine's plan (debounce left out) for a 200-line
#              Dockerfile with a 5,000-file context, built once so the plan finds the cache
#     studio   berth-studio under Xvfb from process start to its first paint, connected to
#              the benchmark's berthd
#     registry push and pull of a 200 MiB, 5-layer image (5 x 40 MiB of random bytes;
#              REGISTRY_LAYER_BYTES sets the bytes per layer, for a quick check that the
#              section runs) through a docker-registry on a loopback port started here.
#              The registry is emptied before each timed push and the image removed before
#              each timed pull. One more push and pull per engine, between and after the
#              timed ones, records the peak RSS. That is the daemon's for berthd and for
#              dockerd with containerd, and podman's own. Not in the default list.
#     cleanup  remove what the benchmark made and stop the daemons it started
#
# Environment: BERTH_BENCH_WORK (work dir, default $HOME/tmp/berth-bench), BERTH_BUILD
# (build dir, default build/release), RUNS (15), WARMUP (3).
# Network: the engines get no route anywhere but loopback and their own bridges; images
# are imported from local tars and nothing is pulled.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
W=${BERTH_BENCH_WORK:-$HOME/tmp/berth-bench}
BUILD=${BERTH_BUILD:-$top/build/release}
OUT=$W/results
RUNS=${RUNS:-15}
WARMUP=${WARMUP:-3}
IMG=localhost/bench-busybox:latest
BERTH_SOCK=$W/berth.sock
DOCKER_SOCK=$W/docker.sock
export CONTAINERS_CONF=$W/containers.conf
PODMAN="podman --root $W/podman --runroot $W/podman-run"
DB="docker -H unix://$BERTH_SOCK"
DD="docker -H unix://$DOCKER_SOCK"
HF="hyperfine --warmup $WARMUP --runs $RUNS --style basic"

mkdir -p "$W" "$OUT"

log() { printf '\n=== %s ===\n' "$*" >&2; }
hf() { # hf NAME hyperfine-args...
  local name=$1
  shift
  log "$name (load $(cut -d' ' -f1-3 /proc/loadavg))"
  $HF --export-json "$OUT/$name.json" "$@" 2>&1 | tee "$OUT/$name.txt"
}
wait_socket() { # wait_socket CLI-PREFIX
  local i
  for i in $(seq 100); do
    $1 version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "run.sh: engine behind '$1' did not respond within 10 s" >&2
  return 1
}
rm_all() { # rm_all CLI-PREFIX
  local ids
  ids=$($1 ps -aq 2>/dev/null)
  [ -z "$ids" ] || $1 rm -f $ids >/dev/null 2>&1
}

sec_setup() {
  log setup
  "$top/tests/support/make-busybox-rootfs.sh" "$W/busybox.tar" || return 1
  if [ ! -f "$W/data100.tar" ]; then
    rm -rf "$W/data100"
    mkdir -p "$W/data100"
    for i in $(seq 1 100); do head -c 1048576 /dev/urandom >"$W/data100/f$i"; done
    tar -C "$W/data100" -cf "$W/data100.tar" .
    rm -rf "$W/data100"
  fi
  if [ ! -d "$W/data50" ]; then
    mkdir -p "$W/data50"
    for i in $(seq 1 50); do head -c 1048576 /dev/urandom >"$W/data50/f$i"; done
  fi

  cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
[network]
network_backend = "netavark"
CONF

  # dockerd and netavark add iptables chains and set the FORWARD policy to DROP; the
  # cleanup section puts the policy back.
  [ -f "$W/forward-policy" ] ||
    iptables -S FORWARD | awk '$1 == "-P" { print $3 }' >"$W/forward-policy"

  if [ ! -S "$BERTH_SOCK" ] || ! $DB version >/dev/null 2>&1; then
    setsid "$BUILD/bin/berthd" -H "unix://$BERTH_SOCK" --data-root "$W/berth" \
      --cgroup-parent berth-bench --pidfile "$W/berthd.pid" >"$W/berthd.log" 2>&1 &
    wait_socket "$DB" || return 1
  fi
  if [ ! -S "$DOCKER_SOCK" ] || ! $DD version >/dev/null 2>&1; then
    setsid dockerd -H "unix://$DOCKER_SOCK" --data-root "$W/docker" --exec-root "$W/docker-exec" \
      --pidfile "$W/dockerd.pid" --storage-driver overlay2 --dns 127.0.0.1 \
      >"$W/dockerd.log" 2>&1 &
    wait_socket "$DD" || return 1
  fi

  $DB import "$W/busybox.tar" "$IMG" >/dev/null
  $DD import "$W/busybox.tar" "$IMG" >/dev/null
  $PODMAN import -q "$W/busybox.tar" "$IMG" >/dev/null

  # A runc bundle of the same rootfs for the raw runtime figure.
  rm -rf "$W/bundle-runc"
  mkdir -p "$W/bundle-runc/rootfs"
  tar -C "$W/bundle-runc/rootfs" -xf "$W/busybox.tar"
  (cd "$W/bundle-runc" && runc spec &&
    jq '.process.terminal=false | .process.args=["true"]' config.json >config.tmp &&
    mv config.tmp config.json)
  { berthd_version=$($DB version --format '{{.Server.Version}}')
    docker_version=$($DD version --format '{{.Server.Version}}')
    echo "berthd $berthd_version, dockerd $docker_version, $(podman --version), $(runc --version | head -1)"
    echo "kernel $(uname -r), $(nproc) cores, $(date -u +%FT%TZ)"
  } | tee "$OUT/versions.txt"
}

sec_run() {
  hf run-rm \
    "$DB run --rm $IMG true" \
    "$DD run --rm $IMG true" \
    "$PODMAN run --pull=never --rm $IMG true"
  hf run-rm-network-none \
    "$DB run --rm --network none $IMG true" \
    "$DD run --rm --network none $IMG true" \
    "$PODMAN run --pull=never --rm --network none $IMG true"
}

sec_studio() {
  command -v xvfb-run >/dev/null || { echo "run.sh: studio needs xvfb-run" >&2; return 1; }
  local config=$W/studio-config
  mkdir -p "$config/Berth"
  printf '[engine]\nendpoint=unix://%s\n' "$BERTH_SOCK" >"$config/Berth/berth-studio.conf"
  # One X server for every run, so that its start-up is not counted.
  log "studio-first-paint (load $(cut -d' ' -f1-3 /proc/loadavg))"
  xvfb-run -a $HF --export-json "$OUT/studio-first-paint.json" \
    "env XDG_CONFIG_HOME=$config BERTH_STUDIO_QUIT_AFTER_PAINT=1 $BUILD/bin/berth-studio" \
    2>&1 | tee "$OUT/studio-first-paint.txt"
}

sec_engine() {
  hf engine-alone \
    "$BUILD/bin/berth-bench-run --socket $BERTH_SOCK --image $IMG" \
    "$BUILD/bin/berth-bench-run --socket $BERTH_SOCK --image $IMG --network none" \
    "runc run -b $W/bundle-runc bench-raw-runc"
}

sec_import() {
  # Each run starts with no dirty pages: Berth ends an import with a syncfs, which would
  # otherwise also wait for what the engine measured before it left unwritten.
  hf import-100mb \
    -p "$DB rmi -f localhost/bench-imported:latest; sync" \
    -p "$DD rmi -f localhost/bench-imported:latest; sync" \
    -p "$PODMAN rmi -f localhost/bench-imported:latest; sync" \
    "$DB import $W/data100.tar localhost/bench-imported:latest" \
    "$DD import $W/data100.tar localhost/bench-imported:latest" \
    "$PODMAN import -q $W/data100.tar localhost/bench-imported:latest"
}

sec_commit() {
  local cli
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli rm -f bench-cw >/dev/null 2>&1
    $cli run --name bench-cw $IMG sh -c \
      'mkdir /data && for i in $(seq 1 50); do head -c 1048576 /dev/urandom > /data/f$i; done' ||
      return 1
  done
  hf commit-50mb \
    -p "$DB rmi -f localhost/bench-committed:latest" \
    -p "$DD rmi -f localhost/bench-committed:latest" \
    -p "$PODMAN rmi -f localhost/bench-committed:latest" \
    "$DB commit bench-cw localhost/bench-committed:latest" \
    "$DD commit bench-cw localhost/bench-committed:latest" \
    "$PODMAN commit -q bench-cw localhost/bench-committed:latest"
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli rm -f bench-cw >/dev/null 2>&1
  done
  true
}

# The 10-step context of the anchor figures, and a 50-step one for the cached rebuild.
make_build_contexts() {
  rm -rf "$W/buildctx" "$W/buildctx50"
  mkdir -p "$W/buildctx" "$W/buildctx50"
  head -c 4096 /dev/urandom >"$W/buildctx/small.txt"
  cat >"$W/buildctx/Dockerfile" <<DOCKERFILE
FROM $IMG
ENV ANCHOR=1 GREETING=hello
WORKDIR /app
COPY small.txt /app/small.txt
RUN echo one > /app/s1.txt
RUN echo two > /app/s2.txt
RUN echo three > /app/s3.txt
RUN echo four > /app/s4.txt
RUN echo "\$GREETING" > /app/s5.txt
RUN ls -l /app > /app/listing.txt
DOCKERFILE
  cp "$W/buildctx/small.txt" "$W/buildctx50/"
  { echo "FROM $IMG"
    echo "COPY small.txt /small.txt"
    for i in $(seq 1 24); do
      echo "ENV STEP$i=$i"
      echo "RUN echo $i >> /steps.txt"
    done
  } >"$W/buildctx50/Dockerfile"
}

sec_build() {
  make_build_contexts
  # The CLI needs DOCKER_BUILDKIT=0 for dockerd, which announces BuildKit; berthd's ping
  # sends Builder-Version 1, so the CLI uses the classic protocol there by itself.
  local DDB="env DOCKER_BUILDKIT=0 $DD"
  hf build-cold \
    -p "$DB rmi -f localhost/bench-built:cold; $DB image prune -f; true" \
    -p "$DD rmi -f localhost/bench-built:cold; $DD image prune -f; true" \
    -p "$PODMAN rmi -f localhost/bench-built:cold; $PODMAN image prune -f; true" \
    "$DB build --no-cache -q -t localhost/bench-built:cold $W/buildctx" \
    "$DDB build --no-cache -q -t localhost/bench-built:cold $W/buildctx" \
    "$PODMAN build --pull=never --no-cache -q -t localhost/bench-built:cold $W/buildctx"
  local cli
  for cli in "$DB" "$DDB" "$PODMAN"; do
    $cli build -q -t localhost/bench-built:cached "$W/buildctx" >/dev/null || return 1
    $cli build -q -t localhost/bench-built:cached50 "$W/buildctx50" >/dev/null || return 1
  done
  hf build-cached \
    "$DB build -q -t localhost/bench-built:cached $W/buildctx" \
    "$DDB build -q -t localhost/bench-built:cached $W/buildctx" \
    "$PODMAN build --pull=never -q -t localhost/bench-built:cached $W/buildctx"
  hf build-cached-50-steps \
    "$DB build -q -t localhost/bench-built:cached50 $W/buildctx50" \
    "$DDB build -q -t localhost/bench-built:cached50 $W/buildctx50" \
    "$PODMAN build --pull=never -q -t localhost/bench-built:cached50 $W/buildctx50"
}

sec_exec() {
  local cli
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli rm -f bench-exec >/dev/null 2>&1
  done
  $DB run -d --name bench-exec $IMG sleep 3600 >/dev/null || return 1
  $DD run -d --name bench-exec $IMG sleep 3600 >/dev/null || return 1
  $PODMAN run --pull=never -d --name bench-exec $IMG sleep 3600 >/dev/null || return 1
  hf exec-true \
    "$DB exec bench-exec true" \
    "$DD exec bench-exec true" \
    "$PODMAN exec bench-exec true"

  # The shim of the container that served the execs: an exec is started by berth-exec,
  # not by the shim, so its PSS should equal an idle shim's.
  log "berth-shim PSS after exec"
  local shim
  shim=$($DB inspect --format '{{.State.Pid}}' bench-exec)
  shim=$(ps -o ppid= -p "$shim" | tr -d ' ')
  [ -n "$shim" ] && echo "berth-shim of bench-exec: PSS $(awk '/^Pss:/ { print $2 }' \
    "/proc/$shim/smaps_rollup") KiB" | tee "$OUT/exec-shim-pss.txt"
  for cli in "$DB" "$DD"; do
    $cli rm -f bench-exec >/dev/null
  done
  $PODMAN rm -f -t 0 bench-exec >/dev/null
}

sec_cp() {
  local cli
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli rm -f bench-cp >/dev/null 2>&1
    $cli run -d --name bench-cp $IMG sleep 3600 >/dev/null || return 1
    $cli cp "$W/data50" bench-cp:/src50 || return 1
  done
  rm -rf "$W/cpout"
  mkdir -p "$W/cpout"
  hf cp-in-50mb \
    -p "$DB exec bench-cp rm -rf /tmp/data50" \
    -p "$DD exec bench-cp rm -rf /tmp/data50" \
    -p "$PODMAN exec bench-cp rm -rf /tmp/data50" \
    "$DB cp $W/data50 bench-cp:/tmp/" \
    "$DD cp $W/data50 bench-cp:/tmp/" \
    "$PODMAN cp $W/data50 bench-cp:/tmp/"
  hf cp-out-50mb \
    -p "rm -rf $W/cpout/b" -p "rm -rf $W/cpout/d" -p "rm -rf $W/cpout/p" \
    "$DB cp bench-cp:/src50 $W/cpout/b" \
    "$DD cp bench-cp:/src50 $W/cpout/d" \
    "$PODMAN cp bench-cp:/src50 $W/cpout/p"
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli rm -f bench-cp >/dev/null 2>&1
  done
  rm -rf "$W/cpout"
}

idle_loop() { # idle_loop "CLI run": a shell loop that starts 50 idle containers
  echo "for i in \$(seq 1 50); do $1 -d --name bench-idle-\$i $IMG sleep 3600 >/dev/null || exit 1; done"
}

sec_idle() {
  hyperfine --warmup 0 --runs 3 --style basic --export-json "$OUT/idle-50.json" \
    -p "ids=\$($DB ps -aq); [ -z \"\$ids\" ] || $DB rm -f \$ids >/dev/null" \
    -p "ids=\$($DD ps -aq); [ -z \"\$ids\" ] || $DD rm -f \$ids >/dev/null" \
    -p "ids=\$($PODMAN ps -aq); [ -z \"\$ids\" ] || $PODMAN rm -f -t 0 \$ids >/dev/null" \
    "$(idle_loop "$DB run")" \
    "$(idle_loop "$DD run")" \
    "$(idle_loop "$PODMAN run --pull=never")" 2>&1 | tee "$OUT/idle-50.txt"

  # PSS of each idle berth-shim (the last round's 50 are still running).
  log "berth-shim PSS"
  local total=0 count=0 pss pid
  for pid in $(ps -eo pid=,comm= | awk '$2 == "berth-shim" { print $1 }'); do
    pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null) || continue
    total=$((total + pss))
    count=$((count + 1))
  done
  [ "$count" -gt 0 ] && echo "berth-shim: $count shims, mean PSS $((total / count)) KiB" |
    tee "$OUT/shim-pss.txt"
  rm_all "$DB"
  rm_all "$DD"
  ids=$($PODMAN ps -aq)
  [ -z "$ids" ] || $PODMAN rm -f -t 0 $ids >/dev/null
}

# A 64 MiB TCP sender: each connection to port 5001 gets the bytes, then EOF.
THROUGHPUT_BYTES=67108864
throughput_sender() { # throughput_sender CLI NAME RUN-ARGS...
  local cli=$1 name=$2
  shift 2
  $cli rm -f "$name" >/dev/null 2>&1
  $cli run -d --name "$name" "$@" $IMG sh -c \
    "printf '#!/bin/sh\nhead -c $THROUGHPUT_BYTES /dev/zero\n' >/bin/bench-send &&
     chmod +x /bin/bench-send && exec nc -ll -p 5001 -e /bin/bench-send" >/dev/null
}

sec_throughput() {
  local cli port=18501 clis=("$DB" "$DD" "$PODMAN")
  # Loopback to a published port: Berth's proxy, docker-proxy, and podman's rootful
  # forwarding. Each engine publishes on its own host port.
  for cli in "${clis[@]}"; do
    throughput_sender "$cli" bench-tput-pub -p "127.0.0.1:$port:5001" || return 1
    port=$((port + 1))
  done
  sleep 1
  hf throughput-published-64mb \
    "socat -u TCP:127.0.0.1:18501 - >/dev/null" \
    "socat -u TCP:127.0.0.1:18502 - >/dev/null" \
    "socat -u TCP:127.0.0.1:18503 - >/dev/null"

  # Container to container on a user network, by name. The figure includes one exec
  # (about 60 ms for docker, 150 ms for podman here; see the exec section).
  for cli in "${clis[@]}"; do
    $cli network rm bench-net >/dev/null 2>&1
    $cli network create bench-net >/dev/null || return 1
    throughput_sender "$cli" bench-tput-sink --network bench-net || return 1
    $cli rm -f bench-tput-src >/dev/null 2>&1
    $cli run -d --name bench-tput-src --network bench-net $IMG sleep 3600 >/dev/null || return 1
  done
  sleep 1
  hf throughput-container-64mb \
    "$DB exec bench-tput-src sh -c 'nc bench-tput-sink 5001 >/dev/null'" \
    "$DD exec bench-tput-src sh -c 'nc bench-tput-sink 5001 >/dev/null'" \
    "$PODMAN exec bench-tput-src sh -c 'nc bench-tput-sink 5001 >/dev/null'"

  for cli in "${clis[@]}"; do
    $cli rm -f bench-tput-pub bench-tput-sink bench-tput-src >/dev/null 2>&1
    $cli network rm bench-net >/dev/null 2>&1
  done
  true
}

# CPU ticks (user + system, with reaped children) of the processes whose names match $1.
cpu_ticks() {
  local pid total=0 fields
  for pid in $(ps -eo pid=,comm= | awk -v pattern="$1" '$2 ~ pattern { print $1 }'); do
    fields=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + $(echo "$fields" | awk '{ print $12 + $13 + $14 + $15 }')))
  done
  echo "$total"
}

health_round() { # health_round NAME "CLI" PROCESS-PATTERN
  local name=$1 cli=$2 pattern=$3 i before after hz
  rm_all "$cli"
  for i in $(seq 1 100); do
    $cli run -d --name bench-health-$i --health-cmd true --health-interval 1s $IMG \
      sleep 3600 >/dev/null || return 1
  done
  sleep 15 # every container has turned healthy and the start-up work is over
  hz=$(getconf CLK_TCK)
  before=$(cpu_ticks "$pattern")
  sleep 60
  after=$(cpu_ticks "$pattern")
  echo "$name: $(((after - before) * 1000 / hz)) ms CPU per minute, 100 containers checked every second" |
    tee -a "$OUT/health-100.txt"
  rm_all "$cli"
}

sec_health() {
  log "health checks of 100 idle containers (load $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -f "$OUT/health-100.txt"
  health_round berthd "$DB" '^(berthd|berth-shim|berth-exec)$' || return 1
  health_round docker "$DD" '^(dockerd|containerd|containerd-shim)' || return 1
}

sec_cleanup() {
  log cleanup
  rm_all "$DB"
  rm_all "$DD"
  ids=$($PODMAN ps -aq 2>/dev/null)
  [ -z "$ids" ] || $PODMAN rm -f -t 0 $ids >/dev/null
  for pidfile in "$W/berthd.pid" "$W/dockerd.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 2
  ip link del docker0 2>/dev/null
  ip link del podman0 2>/dev/null
  "$BUILD/bin/berthd" --data-root "$W/berth" --cleanup-network >/dev/null 2>&1
  local table chain
  for table in filter nat; do
    for chain in $(iptables -t $table -S | awk '$1 == "-N" && $2 ~ /^(DOCKER|NETAVARK)/ { print $2 }'); do
      iptables -t $table -S | awk -v c="$chain" '$1 == "-A" && $0 ~ "-j " c "( |$)" { $1 = "-D"; print }' |
        while read -r rule; do eval "iptables -t $table $rule"; done
      iptables -t $table -F "$chain"
    done
    for chain in $(iptables -t $table -S | awk '$1 == "-N" && $2 ~ /^(DOCKER|NETAVARK)/ { print $2 }'); do
      iptables -t $table -X "$chain"
    done
  done
  iptables -t filter -S FORWARD | awk '$1 == "-A" && $0 ~ /docker0/ { $1 = "-D"; print }' |
    while read -r rule; do eval "iptables -t filter $rule"; done
  # dockerd's masquerade rule for docker0's subnet stays after it exits.
  iptables -t nat -S POSTROUTING | awk '$1 == "-A" && $0 ~ /docker0/ { $1 = "-D"; print }' |
    while read -r rule; do eval "iptables -t nat $rule"; done
  if [ -f "$W/forward-policy" ]; then
    iptables -P FORWARD "$(cat "$W/forward-policy")"
    rm -f "$W/forward-policy"
  fi
  # The engines leave their empty cgroup parents behind; rmdir removes only empty ones.
  local parent
  for parent in berth-bench docker libpod_parent/conmon libpod_parent; do
    rmdir /sys/fs/cgroup/*/"$parent" 2>/dev/null
  done
  true
}

# A 5,000-file context (50 directories of 100 files of 1 KiB) and a 200-line Dockerfile
# that copies nine of the directories among ENV, LABEL and RUN steps.
make_preview_context() {
  rm -rf "$W/previewctx"
  mkdir -p "$W/previewctx"
  local d f
  for d in $(seq -w 1 50); do
    mkdir -p "$W/previewctx/dir$d"
    for f in $(seq -w 1 100); do
      head -c 1024 /dev/urandom >"$W/previewctx/dir$d/file$f.txt"
    done
  done
  { echo "FROM $IMG"
    for i in $(seq 1 199); do
      case $((i % 20)) in
        0) echo "COPY dir$(printf %02d $((i / 20))) /data/dir$i" ;;
        1 | 2 | 3) echo "RUN echo step $i >> /steps.txt" ;;
        4) echo "LABEL step$i=\"line $i\"" ;;
        *) echo "ENV STEP$i=$i" ;;
      esac
    done
  } >"$W/previewctx/Dockerfile"
}

sec_preview() {
  make_preview_context
  $DB build -q -t localhost/bench-preview:v1 "$W/previewctx" >/dev/null || return 1
  log "preview (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$BUILD/bin/berth-bench-preview" "$BERTH_SOCK" "$W/previewctx" "$RUNS" 2>&1 |
    tee "$OUT/preview.txt"
}

# Peak RSS while one command runs: the summed VmRSS of the given daemon pids and of the
# command's own process, sampled every 50 ms.
peak_rss() { # peak_rss NAME "PIDS" COMMAND...
  local name=$1 pids=$2
  shift 2
  "$@" >/dev/null 2>&1 &
  local command=$! peak=0 sum p kib
  while kill -0 "$command" 2>/dev/null; do
    sum=0
    for p in $pids $command; do
      kib=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)
      sum=$((sum + ${kib:-0}))
    done
    [ "$sum" -gt "$peak" ] && peak=$sum
    sleep 0.05
  done
  wait "$command"
  echo "$name: exit $?, peak RSS $((peak / 1024)) MiB" | tee -a "$OUT/registry-rss.txt"
}

sec_registry() {
  command -v docker-registry >/dev/null ||
    { echo "run.sh: registry needs docker-registry" >&2; return 1; }
  local port reg storage=$W/registry-storage image=localhost/bench-registry:v1
  local layer_bytes=${REGISTRY_LAYER_BYTES:-41943040}
  local size=$((5 * layer_bytes / 1048576))mib
  local archive=$W/registry-image-$layer_bytes.tar
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
  reg=127.0.0.1:$port
  rm -rf "$storage"
  printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n' \
    "$storage" >"$W/registry.yml"
  printf 'http:\n  addr: %s\n' "$reg" >>"$W/registry.yml"
  setsid docker-registry serve "$W/registry.yml" >"$W/registry.log" 2>&1 &
  echo $! >"$W/registry.pid"
  local i
  for i in $(seq 100); do
    curl -fsS "http://$reg/v2/" >/dev/null 2>&1 && break
    sleep 0.1
  done

  # The same image in every engine: built by Berth, saved once, loaded by the others.
  if [ ! -f "$archive" ]; then
    rm -rf "$W/registryctx"
    mkdir -p "$W/registryctx"
    { echo "FROM $IMG"
      for i in 1 2 3 4 5; do echo "RUN head -c $layer_bytes /dev/urandom > /layer$i.bin"; done
    } >"$W/registryctx/Dockerfile"
    $DB build -q -t $image "$W/registryctx" >/dev/null || return 1
    $DB save -o "$archive" $image || return 1
    $DB rmi -f $image >/dev/null
  fi
  local cli
  # The engines keep their images between runs, and each run's registry has a new port. An
  # image still tagged for an earlier run's port would make the timed pulls find it present.
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli images --format '{{.Repository}}:{{.Tag}}' | grep '^127\.0\.0\.1:[0-9]*/bench/' |
      xargs -r $cli rmi -f >/dev/null
  done
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli load -q -i "$archive" >/dev/null || return 1
  done
  $DB tag $image "$reg/bench/berth:v1"
  $DD tag $image "$reg/bench/docker:v1"
  $PODMAN tag $image "$reg/bench/podman:v1"
  for cli in "$DB" "$DD" "$PODMAN"; do
    $cli rmi $image >/dev/null
  done

  # Each engine compresses every layer with gzip before it goes up.
  hf registry-push-$size \
    -p "rm -rf $storage/docker" \
    "$DB push $reg/bench/berth:v1" \
    "$DD push $reg/bench/docker:v1" \
    "$PODMAN push --tls-verify=false $reg/bench/podman:v1"
  rm -f "$OUT/registry-rss.txt"
  local berthd_pids docker_pids
  berthd_pids=$(cat "$W/berthd.pid")
  docker_pids="$(cat "$W/dockerd.pid")"
  docker_pids+=" $(cat "$W/docker-exec/containerd/containerd.pid" 2>/dev/null)"
  rm -rf "$storage/docker"
  peak_rss berthd-push "$berthd_pids" $DB push "$reg/bench/berth:v1"
  peak_rss docker-push "$docker_pids" $DD push "$reg/bench/docker:v1"
  peak_rss podman-push "" $PODMAN push --tls-verify=false "$reg/bench/podman:v1"
  # The loop above empties the registry before each push, so only Podman's image is left.
  # The pushes just made put all three back for the pulls.
  hf registry-pull-$size \
    -p "$DB rmi -f $reg/bench/berth:v1" \
    -p "$DD rmi -f $reg/bench/docker:v1" \
    -p "$PODMAN rmi -f $reg/bench/podman:v1" \
    "$DB pull $reg/bench/berth:v1" \
    "$DD pull $reg/bench/docker:v1" \
    "$PODMAN pull --tls-verify=false $reg/bench/podman:v1"

  $DB rmi -f "$reg/bench/berth:v1" >/dev/null
  $DD rmi -f "$reg/bench/docker:v1" >/dev/null
  $PODMAN rmi -f "$reg/bench/podman:v1" >/dev/null
  peak_rss berthd-pull "$berthd_pids" $DB pull "$reg/bench/berth:v1"
  peak_rss docker-pull "$docker_pids" $DD pull "$reg/bench/docker:v1"
  peak_rss podman-pull "" $PODMAN pull --tls-verify=false "$reg/bench/podman:v1"

  kill "$(cat "$W/registry.pid")" 2>/dev/null
  rm -f "$W/registry.pid"
  true
}

sections=("$@")
[ ${#sections[@]} -gt 0 ] ||
  sections=(setup run engine import commit build exec cp idle health throughput preview studio cleanup)
for s in "${sections[@]}"; do
  "sec_$s" || { echo "run.sh: section $s failed" >&2; exit 1; }
done
