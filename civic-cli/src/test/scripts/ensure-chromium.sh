#!/usr/bin/env bash
# Run by the build before civic-cli's integration tests: the dashboards check of WalkingSkeletonIT
# renders every dashboard in headless Chromium (Debian's package). Installs it when it is missing
# and this user may (root, or password-less sudo); otherwise says in one line how to get it.
# Arguments: the build's skipTests and skipITs (nothing to do when either is true).
set -euo pipefail
for skip in "$@"; do
  [ "$skip" = "true" ] && exit 0
done
if [ -n "${CIVIC_CHROMIUM:-}" ]; then
  [ -x "$CIVIC_CHROMIUM" ] && exit 0
  echo "CIVIC_CHROMIUM=$CIVIC_CHROMIUM is not an executable file" >&2
  exit 1
fi
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then
    echo "chromium for the dashboards check: $("$name" --version 2>/dev/null || echo "$name")"
    exit 0
  fi
done
how="install Debian's chromium (sudo apt-get install chromium), set CIVIC_CHROMIUM to a Chromium or Chrome"
how="$how executable, or skip the integration tests with -DskipITs"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The integration tests need Chromium for the dashboards check: $how" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as=(sudo -n)
else
  echo "The integration tests need Chromium for the dashboards check and this user cannot install it: $how" >&2
  exit 1
fi
echo "installing Debian's chromium for the dashboards check of the integration tests (apt-get, about 20 s)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The package lists may be missing or stale on a fresh machine: update them once if the install fails.
if ! "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >"$log" 2>&1; then
  if ! { "${as[@]}" apt-get update -q && "${as[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q chromium; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "Could not install chromium with apt-get (above); $how" >&2
    exit 1
  fi
fi
echo "installed: $(chromium --version 2>/dev/null || echo chromium)"
