#!/bin/sh
# /init of the cgroup v2 test VM (busybox sh, PID 1). make-vm-initramfs.sh packs it with
# berthd, its helpers, the docker CLI and a busybox image tar. It mounts only cgroup2 at
# /sys/fs/cgroup, runs containers with limits through berthd and prints one
# "BERTH-VM key=value" line per result on the console for tst_cgroup_v2_vm, then powers
# the VM off.
#
# pivot_root fails with EINVAL while the root is the initramfs (rootfs), and Berth starts
# containers with pivot_root, so the first stage copies the tree into a tmpfs and switches
# to it.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

report() {
  echo "BERTH-VM $1=$2"
}

# Prints the error and ends the VM, so the host test fails on the missing results.
abort() {
  echo "BERTH-VM error=$*"
  poweroff -f
}

if [ ! -e /stage2 ]; then
  mount -t proc proc /proc || abort "failed to mount proc"
  mkdir -p /newroot
  mount -t tmpfs -o mode=0755 tmpfs /newroot || abort "failed to mount the tmpfs root"
  for entry in /*; do
    case "$entry" in
      /newroot | /proc) ;;
      *) cp -a "$entry" /newroot/ || abort "failed to copy $entry to the tmpfs root" ;;
    esac
  done
  mkdir -p /newroot/proc
  : >/newroot/stage2
  umount /proc
  exec switch_root /newroot /init
fi

mount -t proc proc /proc || abort "failed to mount proc"
mount -t sysfs sysfs /sys || abort "failed to mount sysfs"
mount -t devtmpfs devtmpfs /dev || abort "failed to mount devtmpfs"
mkdir -p /dev/pts /dev/shm /run /tmp /var/lib/berth-vm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup || abort "failed to mount cgroup2 at /sys/fs/cgroup"
mount -t tmpfs -o mode=0711 tmpfs /var/lib/berth-vm || abort "failed to mount the data root"
# Kernel warnings (the OOM report among them) would break up the result lines.
echo 1 >/proc/sys/kernel/printk
ip link set lo up
insmod /lib/modules/overlay.ko || abort "failed to load the overlay module"
report boot-seconds "$(cut -d' ' -f1 /proc/uptime)"
report controllers "$(cat /sys/fs/cgroup/cgroup.controllers)"

socket=/run/berth-vm.sock
export DOCKER_HOST=unix://$socket
berthd -H "$DOCKER_HOST" --data-root /var/lib/berth-vm --bridge none --nat-table berth-vm \
  --cgroup-parent berth-vm >/tmp/berthd.log 2>&1 &
berthd_pid=$!
deadline=$(($(cut -d. -f1 /proc/uptime) + 60))
until docker version >/dev/null 2>&1; do
  if ! kill -0 "$berthd_pid" 2>/dev/null; then
    cat /tmp/berthd.log
    abort "berthd exited before it served $socket"
  fi
  if [ "$(cut -d. -f1 /proc/uptime)" -ge "$deadline" ]; then
    cat /tmp/berthd.log
    abort "timed out after 60 s waiting for berthd on $socket"
  fi
  sleep 0.1
done
docker import /busybox.tar busybox:vm >/dev/null || abort "docker import /busybox.tar failed"

parent=/sys/fs/cgroup/berth-vm

# Prints the first line of a file, or "missing" when it cannot be read.
read_file() {
  if [ -r "$1" ]; then
    head -n 1 "$1"
  else
    echo missing
  fi
}

# Prints "absent" when the container's cgroup directory is gone, "present" otherwise.
cgroup_state() {
  if [ -d "$parent/$1" ]; then
    echo present
  else
    echo absent
  fi
}

# Limits written at create, read from the VM and from inside the container.
limits_id=$(docker run -d --name limits --network none --memory 64m --memory-swap 96m \
  --cpus 0.5 --cpu-shares 512 --pids-limit 20 busybox:vm sleep 600) ||
  abort "docker run --name limits failed"
limits=$parent/$limits_id
report limits.controllers "$(read_file "$parent/cgroup.subtree_control")"
report limits.memory.max "$(read_file "$limits/memory.max")"
report limits.memory.swap.max "$(read_file "$limits/memory.swap.max")"
report limits.cpu.max "$(read_file "$limits/cpu.max")"
report limits.cpu.weight "$(read_file "$limits/cpu.weight")"
report limits.pids.max "$(read_file "$limits/pids.max")"
report limits.inside.memory.max "$(docker exec limits cat /sys/fs/cgroup/memory.max 2>&1)"
report limits.inside.cpu.max "$(docker exec limits cat /sys/fs/cgroup/cpu.max 2>&1)"
report limits.inside.pids.max "$(docker exec limits cat /sys/fs/cgroup/pids.max 2>&1)"

# The cgroup of the container's init, read from the VM, and those of init and of an exec'd
# process, read inside the container. Without --cgroupns the container gets a private
# cgroup namespace (dockerd's default on cgroup v2), whose root is its cgroup.
report limits.id "$limits_id"
report limits.cgroupns-mode "$(docker inspect -f '{{.HostConfig.CgroupnsMode}}' limits 2>&1)"
limits_pid=$(docker inspect -f '{{.State.Pid}}' limits)
report limits.init.cgroup "$(cat "/proc/$limits_pid/cgroup")"
report limits.inside.init.cgroup "$(docker exec limits cat /proc/1/cgroup 2>&1)"
report limits.inside.exec.cgroup "$(docker exec limits sh -c 'cat /proc/$$/cgroup' 2>&1)"
report limits.init.cgroupns-differs "$([ "$(readlink "/proc/$limits_pid/ns/cgroup")" != \
  "$(readlink /proc/self/ns/cgroup)" ] && echo yes || echo no)"
report limits.exec.cgroupns-same "$(docker exec limits sh -c \
  '[ "$(readlink /proc/1/ns/cgroup)" = "$(readlink /proc/$$/ns/cgroup)" ] && echo yes || echo no' \
  2>&1)"
# Mount point, root, options and type of /sys/fs/cgroup in the container.
report limits.inside.cgroup-mount "$(docker exec limits awk \
  '$5 == "/sys/fs/cgroup" { print $4, $6, $(NF - 2) }' /proc/self/mountinfo 2>&1)"

# --cgroupns host: the container shares the VM's namespace and reads its cgroup's full path.
hostns_id=$(docker run -d --name hostns --network none --cgroupns host --memory 48m \
  busybox:vm sleep 600) || abort "docker run --name hostns failed"
report hostns.id "$hostns_id"
report hostns.cgroupns-mode "$(docker inspect -f '{{.HostConfig.CgroupnsMode}}' hostns 2>&1)"
report hostns.inside.init.cgroup "$(docker exec hostns cat /proc/1/cgroup 2>&1)"
report hostns.inside.exec.cgroup "$(docker exec hostns sh -c 'cat /proc/$$/cgroup' 2>&1)"
report hostns.inside.memory.max "$(docker exec hostns cat /sys/fs/cgroup/memory.max 2>&1)"
docker rm -f hostns >/dev/null 2>&1
report hostns.cgroup-after-rm "$(cgroup_state "$hostns_id")"

# A privileged container's private cgroup2 mount is writable, as runc mounts it.
report privileged.cgroup-mount "$(docker run --rm --network none --privileged busybox:vm \
  awk '$5 == "/sys/fs/cgroup" { print $4, $6, $(NF - 2) }' /proc/self/mountinfo 2>&1)"

# docker update writes new limits into the running container's cgroup.
docker update --memory 80m --memory-swap 120m --cpus 1.5 --pids-limit 30 limits >/dev/null 2>&1
report update.memory.max "$(read_file "$limits/memory.max")"
report update.memory.swap.max "$(read_file "$limits/memory.swap.max")"
report update.cpu.max "$(read_file "$limits/cpu.max")"
report update.pids.max "$(read_file "$limits/pids.max")"

stats=$(docker stats --no-stream --format '{{.MemUsage}}|{{.PIDs}}' limits 2>&1)
report stats "$stats"

docker pause limits >/dev/null 2>&1
report pause.freeze "$(read_file "$limits/cgroup.freeze")"
report pause.events "$(grep frozen "$limits/cgroup.events")"
report pause.status "$(docker inspect -f '{{.State.Status}}' limits 2>&1)"
docker unpause limits >/dev/null 2>&1
report unpause.events "$(grep frozen "$limits/cgroup.events")"
report unpause.status "$(docker inspect -f '{{.State.Status}}' limits 2>&1)"

docker rm -f limits >/dev/null 2>&1
report limits.cgroup-after-rm "$(cgroup_state "$limits_id")"

# A process that touches more memory than the limit is killed by the kernel's OOM killer.
docker run --name oom --network none --memory 32m --memory-swap 32m busybox:vm \
  dd if=/dev/zero of=/dev/null bs=64M count=1 >/dev/null 2>&1
report oom.run-exit "$?"
report oom.inspect "$(docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' oom 2>&1)"
oom_id=$(docker inspect -f '{{.Id}}' oom)
docker rm oom >/dev/null 2>&1
report oom.cgroup-after-rm "$(cgroup_state "$oom_id")"

# The inner shell starts background sleeps until fork fails and prints one line for each
# that started. Its parent (PID 1), wc and the inner shell count against the limit too.
# The sleeps write to /dev/null, so wc reads end-of-file when the inner shell exits.
forks_output=$(docker run --name forks --network none --pids-limit 20 busybox:vm sh -c '
  sh -c "i=0; while [ \$i -lt 100 ]; do
      sleep 60 >/dev/null &
      i=\$((i + 1))
      echo started
    done" 2>/tmp/fork-error | wc -l
  head -n 1 /tmp/fork-error' 2>&1)
report forks.started "$(echo "$forks_output" | head -n 1)"
report forks.error "$(echo "$forks_output" | sed -n 2p)"
forks_id=$(docker inspect -f '{{.Id}}' forks)
docker rm -f forks >/dev/null 2>&1
report forks.cgroup-after-rm "$(cgroup_state "$forks_id")"

report leftover-cgroups "$(find "$parent" -mindepth 1 -type d | wc -l)"
kill "$berthd_pid"
wait "$berthd_pid"
report berthd-exit "$?"
report finished 1
poweroff -f
