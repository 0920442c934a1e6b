#!/bin/bash
# Builds the Debian packages of the gateway: kiosk_VERSION_amd64.deb and/or kiosk_VERSION_arm64.deb.
#
#   packaging/build-deb.sh [--arch amd64|arm64|all] [--version V] [--out DIR] [--published DIR] [--fast]
#
# Each is `dotnet publish` (Native AOT: one native program, no .NET needed on a Pi) laid out as:
#   /usr/lib/kiosk/            the program and its native libraries   /usr/bin/kiosk -> ../lib/kiosk/kiosk
#   /etc/kiosk/kiosk.conf      settings (a conffile)            /lib/systemd/system/kiosk.service
#   /usr/lib/kiosk/kiosk-screen  Chromium kiosk launcher         /usr/share/doc/kiosk, man page, lintian overrides
#   /usr/share/kiosk/boards    the built-in pin maps (read by packaging/pi/setup.sh)
# and the maintainer scripts in packaging/deb (kiosk user in the gpio group, /var/lib/kiosk, unit enabled).
# --published DIR packs an existing publish output instead of publishing (one --arch only).
# --fast compresses with gzip instead of xz (a test build: packing takes seconds instead of minutes; 30% larger).
# Prints the path of each package built on standard output; progress goes to standard error.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="$root/gateway/Kiosk.Gateway/Kiosk.Gateway.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

arches=(amd64)
version=""
out="$root/artifacts"
published=""
compression=(-Zxz)

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || usage
      case "$2" in amd64|arm64) arches=("$2") ;; all) arches=(amd64 arm64) ;; *) echo "build-deb.sh: --arch is amd64, arm64 or all, not '$2'" >&2; exit 2 ;; esac
      shift 2 ;;
    --version) [ $# -ge 2 ] || usage; version="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --published) [ $# -ge 2 ] || usage; published="$2"; shift 2 ;;
    --fast) compression=(-Zgzip -z6); shift ;;
    -h|--help) usage ;;
    *) echo "build-deb.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
if [ -n "$published" ] && [ ${#arches[@]} -ne 1 ]; then
  echo "build-deb.sh: --published packs one architecture: name it with --arch" >&2; exit 2
fi
# dpkg-deb --root-owner-group makes every file root's, so no fakeroot is needed.
command -v dpkg-deb >/dev/null || { echo "build-deb.sh: dpkg-deb is missing (apt-get install dpkg)" >&2; exit 1; }
# Native AOT compiles to an object file and links it with clang.
if [ -z "$published" ]; then
  command -v clang >/dev/null || { echo "build-deb.sh: clang is missing: Native AOT links with it (apt-get install clang)" >&2; exit 1; }
fi

# The version: the program's own (Version in Kiosk.Gateway.csproj), unless given.
if [ -z "$version" ]; then
  version="$(dotnet msbuild "$project" -getProperty:Version -nologo 2>/dev/null | tr -d '[:space:]')"
fi
if ! [[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
  echo "build-deb.sh: '$version' is not a Debian version (digits first, then letters, digits, . + ~)" >&2; exit 2
fi

# Who built it: DEBFULLNAME and DEBEMAIL as for any Debian package, else an address that is plainly not one (RFC 2606).
maintainer="${DEBFULLNAME:-Kiosk contributors} <${DEBEMAIL:-kiosk@kiosk.invalid}>"

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for arch in "${arches[@]}"; do
  case "$arch" in amd64) rid=linux-x64 ;; arm64) rid=linux-arm64 ;; esac
  pkg="$work/$arch"
  lib="$pkg/usr/lib/kiosk"
  mkdir -p "$lib"

  # Native AOT links with the C toolchain of the target: on another architecture, Debian's cross toolchain (clang finds
  # it by the target triple ILCompiler passes). Missing parts fail here with the packages to install, not deep in a link.
  cross=()
  if [ -z "$published" ] && [ "$arch" != "$(dpkg --print-architecture)" ]; then
    case "$arch" in arm64) triple=aarch64-linux-gnu ;; amd64) triple=x86_64-linux-gnu ;; esac
    if ! command -v "$triple-ld.bfd" >/dev/null || ! compgen -G "/usr/lib/gcc-cross/$triple/*/crtbegin.o" >/dev/null || [ ! -f "/usr/$triple/lib/crt1.o" ]; then
      echo "build-deb.sh: publishing for $rid on $(dpkg --print-architecture) needs the $triple cross toolchain:" \
        "apt-get install clang binutils-$triple gcc-$triple libc6-dev-${arch}-cross" >&2
      exit 1
    fi
    # The symbol stripper must read the target's ELF: binutils' own for the triple.
    cross=("-p:ObjCopyName=$triple-objcopy")
  fi

  if [ -n "$published" ]; then
    cp -a "$published/." "$lib/"
  else
    echo "build-deb.sh: publishing for $rid (Native AOT: minutes)…" >&2
    # Publish settings (Native AOT, the program's own assembly kept whole for the Razor pages, no symbols) live in
    # Kiosk.Gateway.csproj. The referenced projects' .pdb files are deleted below rather than switched off here: a
    # global property would rebuild them over the plain Release build's output.
    if ! log="$(dotnet publish "$project" -c Release -r "$rid" -o "$lib" -nologo -v quiet "${cross[@]}" 2>&1 < /dev/null)"; then
      echo "$log" >&2
      echo "build-deb.sh: dotnet publish for $rid failed" >&2; exit 1
    fi
  fi
  [ -x "$lib/kiosk" ] || { echo "build-deb.sh: $lib/kiosk missing: is this a publish of gateway/Kiosk.Gateway for $rid?" >&2; exit 1; }
  # The program is the native file kiosk; beside it the publish leaves what the gateway never reads: the projects'
  # XML documentation and .pdb files (the managed code is compiled into kiosk), native symbols, and the Blazor script
  # and static-asset manifest of ASP.NET Core's Razor components (the pages are rendered on the server, use no Blazor
  # script, and their own CSS and JS are embedded in the program).
  find "$lib" -maxdepth 1 \( -name '*.xml' -o -name '*.pdb' -o -name '*.dbg' -o -name '*.staticwebassets.*.json' \) -delete
  rm -rf "$lib/wwwroot"
  # Everything left must be the program or a native library it loads (SQLite, libsodium, serial ports): a managed
  # assembly here would mean the publish was not Native AOT.
  unexpected="$(find "$lib" -mindepth 1 ! -name kiosk ! -name '*.so' -printf '%P\n')"
  [ -z "$unexpected" ] || { echo "build-deb.sh: the publish for $rid holds more than kiosk and native libraries: $unexpected" >&2; exit 1; }

  install -m 0755 "$here/deb/kiosk-screen" "$lib/kiosk-screen"
  mkdir -p "$pkg/usr/bin"
  ln -s ../lib/kiosk/kiosk "$pkg/usr/bin/kiosk"
  install -D -m 0644 "$here/kiosk.conf" "$pkg/etc/kiosk/kiosk.conf"
  # The built-in pin maps as files too (the program embeds them): packaging/pi/setup.sh reads their buses from here.
  install -D -m 0644 -t "$pkg/usr/share/kiosk/boards" "$root"/hardware/boards/*.json
  install -D -m 0644 "$here/kiosk.service" "$pkg/lib/systemd/system/kiosk.service"
  doc="$pkg/usr/share/doc/kiosk"
  install -D -m 0644 "$here/deb/copyright" "$doc/copyright"
  install -m 0644 "$root/docs/installer-guide.md" "$doc/installer-guide.md"
  # A native package's changelog: one entry for this build.
  {
    echo "kiosk ($version) unstable; urgency=medium"
    echo
    echo "  * Build of the Kiosk gateway $version for $arch."
    echo
    echo " -- $maintainer  $(date -u -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")"
  } > "$doc/changelog"
  gzip -9n "$doc/changelog"
  install -D -m 0644 "$here/deb/kiosk.1" "$pkg/usr/share/man/man1/kiosk.1"
  gzip -9n "$pkg/usr/share/man/man1/kiosk.1"
  install -D -m 0644 "$here/deb/lintian-overrides" "$pkg/usr/share/lintian/overrides/kiosk"

  # Modes as Debian wants them: directories and programs 0755, everything else (libraries too) 0644.
  find "$pkg" -type d -exec chmod 0755 {} +
  find "$pkg" -type f -exec chmod 0644 {} +
  chmod 0755 "$lib/kiosk" "$lib/kiosk-screen"

  mkdir -p "$pkg/DEBIAN"
  for script in postinst prerm postrm; do install -m 0755 "$here/deb/$script" "$pkg/DEBIAN/$script"; done
  echo /etc/kiosk/kiosk.conf > "$pkg/DEBIAN/conffiles"
  (cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort | xargs md5sum) > "$pkg/DEBIAN/md5sums"
  chmod 0644 "$pkg/DEBIAN/conffiles" "$pkg/DEBIAN/md5sums"
  size="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
  cat > "$pkg/DEBIAN/control" <<CONTROL
Package: kiosk
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: adduser, libc6 (>= 2.34), libssl3 | libssl1.1
Recommends: libgpiod2, systemd
Suggests: chromium | chromium-browser
Section: misc
Priority: optional
Description: voting system for neighbourhood assemblies (gateway)
 Kiosk keeps a neighbourhood assembly's signed, replicated ledger on a small
 gateway such as a Raspberry Pi, and serves the residents' touch kiosk, the
 wall board and the facilitators' console. It reads wired vote buttons on the
 GPIO header, runs an MQTT broker for wireless ESP32 vote buttons and relays
 ballots and votes to the assembly's other gateways, without the internet.
 .
 The package runs the gateway as the systemd service kiosk.service, as the
 kiosk user, with its data in /var/lib/kiosk and its settings in
 /etc/kiosk/kiosk.conf. It is one native program (.NET Native AOT): no .NET
 runtime is needed.
CONTROL

  deb="$out/kiosk_${version}_${arch}.deb"
  echo "build-deb.sh: packing $deb…" >&2
  dpkg-deb --root-owner-group "${compression[@]}" --build "$pkg" "$deb" >&2
  echo "$deb"
done
