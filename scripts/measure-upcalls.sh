#!/usr/bin/env bash
# Measures FUSE request round trips on this machine with the real fuse2fs daemon and the kernel's fuse tracepoints.
# Pairs each fuse_request_send with its fuse_request_end (by connection and unique id) and prints the per-opcode
# count and median/p90 round trip in microseconds.  Needs root, /dev/fuse, fuse2fs, mkfs.ext4 and tracefs.
# Idempotent: whatever happens it unmounts, turns the fuse events off, restores tracing_on/buffer size, clears the
# trace buffer, and unmounts tracefs again if this script mounted it.
# Timestamps come from the default trace clock (microsecond resolution in the trace output).
# Usage: scripts/measure-upcalls.sh [WRITES (default 2000)]
set -euo pipefail
n=${1:-2000}
T=/sys/kernel/tracing
work=$(mktemp -d /tmp/measure-upcalls.XXXXXX)
mnt=$work/mnt
we_mounted_tracefs=0
fuse_mounted=0
old_on=""; old_buf=""

cleanup() {
  set +e
  if [ "$fuse_mounted" = 1 ]; then
    fusermount3 -u "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
  fi
  if [ -d "$T/events/fuse" ]; then
    echo 0 > "$T/events/fuse/fuse_request_send/enable" 2>/dev/null
    echo 0 > "$T/events/fuse/fuse_request_end/enable" 2>/dev/null
  fi
  [ -n "$old_on" ] && echo "$old_on" > "$T/tracing_on" 2>/dev/null
  [ -n "$old_buf" ] && echo "$old_buf" > "$T/buffer_size_kb" 2>/dev/null
  [ -w "$T/trace" ] && : > "$T/trace" 2>/dev/null
  if [ "$we_mounted_tracefs" = 1 ]; then umount "$T" 2>/dev/null || umount -l "$T" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM HUP

[ "$(id -u)" = 0 ] || { echo "measure-upcalls: needs root" >&2; exit 1; }
[ -c /dev/fuse ] || { echo "measure-upcalls: /dev/fuse missing" >&2; exit 1; }
for t in fuse2fs fusermount3 mkfs.ext4; do
  command -v "$t" >/dev/null || { echo "measure-upcalls: $t missing (apt-get install -y fuse2fs fuse3 e2fsprogs)" >&2; exit 1; }
done
if [ ! -e "$T/trace" ]; then
  mount -t tracefs nodev "$T" || { echo "measure-upcalls: cannot mount tracefs on $T" >&2; exit 1; }
  we_mounted_tracefs=1
fi
modprobe fuse 2>/dev/null || true
[ -d "$T/events/fuse/fuse_request_send" ] || { echo "measure-upcalls: no fuse tracepoints in $T/events/fuse" >&2; exit 1; }
old_on=$(cat "$T/tracing_on"); old_buf=$(cat "$T/buffer_size_kb")

truncate -s 64M "$work/img"
mkfs.ext4 -q -F "$work/img" >/dev/null
mkdir -p "$mnt"
fuse2fs "$work/img" "$mnt" -o fakeroot
fuse_mounted=1
# Prepare the file before tracing starts, so the trace holds the steady-state workload only.
dd if=/dev/zero of="$mnt/f" bs=4096 count="$n" status=none
sync

echo 8192 > "$T/buffer_size_kb"
: > "$T/trace"
echo 1 > "$T/events/fuse/fuse_request_send/enable"
echo 1 > "$T/events/fuse/fuse_request_end/enable"
echo 1 > "$T/tracing_on"
# Workload: n separate 4 KiB overwrites (one write(2) each), then n 4 KiB O_DIRECT reads (one FUSE_READ each).
dd if=/dev/urandom of="$mnt/f" bs=4096 count="$n" conv=notrunc status=none
dd if="$mnt/f" of=/dev/null bs=4096 count="$n" iflag=direct status=none
stat "$mnt/f" >/dev/null
echo 0 > "$T/tracing_on"
cp "$T/trace" "$work/trace.txt"

# Lines look like:  dd-123 [000] ..... 1234.567890: fuse_request_send: connection 45 req 12 opcode 16 (FUSE_WRITE) len 4160
#                   fuse2fs-9 [001] ..... 1234.567910: fuse_request_end: connection 45 req 12 len 16 error 0
awk '
  function ts(line,   m) { match(line, /[0-9]+\.[0-9]+: fuse_request_/); return substr(line, RSTART, RLENGTH) + 0 }
  /fuse_request_send:/ {
    c = $0; sub(/.*connection /, "", c); split(c, a, " ")
    key = a[1] ":" a[3]; op = $0; sub(/.*\(/, "", op); sub(/\).*/, "", op)
    start[key] = ts($0); name[key] = op
  }
  /fuse_request_end:/ {
    c = $0; sub(/.*connection /, "", c); split(c, a, " "); key = a[1] ":" a[3]
    if (key in start) { printf "%s %.3f\n", name[key], (ts($0) - start[key]) * 1e6; delete start[key] }
  }' "$work/trace.txt" | sort -k1,1 -k2,2n | awk '
  { v[$1, ++cnt[$1]] = $2 }
  END {
    printf "%-20s %8s %12s %12s\n", "opcode", "count", "median_us", "p90_us"
    for (op in cnt) {
      k = cnt[op]; med = (k % 2) ? v[op, (k + 1) / 2] : (v[op, k / 2] + v[op, k / 2 + 1]) / 2
      p = int(0.9 * k); if (p < 0.9 * k) p++; if (p < 1) p = 1
      printf "%-20s %8d %12.1f %12.1f\n", op, k, med, v[op, p]
    }
  }' | (read -r h; echo "$h"; sort -k2,2nr)
echo "kernel $(uname -r), fuse2fs $(fuse2fs -V 2>&1 | head -1 | tr -d '\n'), $(nproc) cpus, $n ops each"
