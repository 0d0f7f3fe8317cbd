#!/usr/bin/env bash
# The whole test suite: installs the system packages the live tests need, then runs every test project.
# Prints one closing line "tests: N passed, N failed, N skipped" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v fuse2fs   >/dev/null 2>&1 || need+=(fuse2fs)
command -v fusermount3 >/dev/null 2>&1 || need+=(fuse3)
command -v debugfs   >/dev/null 2>&1 || need+=(e2fsprogs)
command -v filefrag  >/dev/null 2>&1 || need+=(e2fsprogs)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null
  else
    echo "test.sh: missing ${need[*]} and not root; live tests will report what is missing"
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test IomapModel.sln -c Release --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...").
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | sed -E \
  's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' | \
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
