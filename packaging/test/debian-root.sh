#!/bin/sh
# Prints the path of a minimal Debian root for package install tests, making it with debootstrap the first time.
# The root is cached under /var/cache/kiosk-test (KIOSK_TEST_CACHE), keyed by suite, architecture and package list,
# so later runs reuse it; tests never change it (they mount an overlay on top, see install-check.sh).
# KIOSK_TEST_ROOT_CACHED_ONLY=1 (./test.sh sets it for the tests) fails at once instead of making a missing root.
# The mirror and suite are the ones this machine's apt already uses. Needs root (debootstrap does).
set -eu

# What a gateway needs beyond minbase: adduser and systemd for the maintainer scripts and systemd-analyze, libssl3
# for the mesh's TLS, libgpiod2 for wired buttons, ca-certificates for a hub's TLS.
include="adduser,systemd,libssl3,libgpiod2,ca-certificates"
cache="${KIOSK_TEST_CACHE:-/var/cache/kiosk-test}"

if [ "$(id -u)" -ne 0 ]; then
  echo "debian-root.sh: needs root (debootstrap, chroot and mounts); run it, or ./test.sh, as root" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { echo "debian-root.sh: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }

# The Debian mirror apt uses here: the first deb822 URIs line or one-line "deb" entry naming a path ending in /debian.
mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
  awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i } /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' |
  grep -E '/debian/?$' | head -n 1)"
[ -n "$mirror" ] || { echo "debian-root.sh: no Debian mirror found in /etc/apt/sources.list*" >&2; exit 1; }
# shellcheck disable=SC1091 # the machine's own os-release, read at run time
suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
arch="$(dpkg --print-architecture)"
key="$(printf '%s %s %s' "$suite" "$arch" "$include" | sha256sum | cut -c1-12)"
root="$cache/debian-$suite-$arch-$key"

if [ ! -f "$root/.complete" ] && [ -n "${KIOSK_TEST_ROOT_CACHED_ONLY:-}" ]; then
  # ./test.sh makes the root before the tests run; a test must not start a debootstrap of minutes on its own.
  echo "debian-root.sh: no cached root at $root (KIOSK_TEST_ROOT_CACHED_ONLY is set: ./test.sh could not make it; see its output)" >&2
  exit 1
fi
if [ ! -f "$root/.complete" ]; then
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/.making.XXXXXX")"
  chmod 0755 "$work"   # the root of the chroot: every user must be able to enter it
  echo "debian-root.sh: debootstrap $suite ($arch) from $mirror into $root (first run only)" >&2
  if ! debootstrap --variant=minbase --include="$include" --arch="$arch" "$suite" "$work" "$mirror" >"$work.log" 2>&1; then
    tail -n 20 "$work.log" >&2
    echo "debian-root.sh: debootstrap failed (full log: $work.log)" >&2
    rm -rf "$work"
    exit 1
  fi
  rm -f "$work.log"
  # apt inside the root is never used by the tests; drop the downloaded .debs to keep the cache small.
  rm -f "$work"/var/cache/apt/archives/*.deb
  touch "$work/.complete"
  rm -rf "$root"
  mv "$work" "$root"
fi
echo "$root"
