#!/bin/bash
# Sets up a Raspberry Pi OS Bookworm (desktop) as a Kiosk gateway with its touch screen:
#
#   sudo packaging/pi/setup.sh [--dry-run] [--deb kiosk_VERSION_arm64.deb] [--board auto|raspberry-pi-4|raspberry-pi-5]
#                              [--user NAME] [--compositor auto|labwc|wayfire] [--root DIR]
#
#  1. installs the kiosk .deb (the gateway service, the kiosk user, /etc/kiosk/kiosk.conf), unless that version is in;
#  2. installs Chromium when it is missing;
#  3. starts Chromium full screen on the kiosk page from the desktop's autostart (labwc, or wayfire on older images);
#  4. turns screen blanking off (no idle blanking in the desktop, no console blanking);
#  5. chooses the wired station's pin map (board = … in /etc/kiosk/kiosk.conf) from the Pi's model.
# Run it again at any time: each step first checks and changes only what differs ("nothing to change" the 2nd time).
# --dry-run prints every change it would make (file edits as diffs) and changes nothing.
# --root DIR works on a Pi's file system mounted at DIR (an SD card in another machine; the tests' fake root).
set -euo pipefail

dry=0
deb=""
board="auto"
user=""
compositor="auto"
R=""
changes=0

die() { echo "setup: $*" >&2; exit 2; }
usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1; shift ;;
    --deb) [ $# -ge 2 ] || usage; deb="$2"; shift 2 ;;
    --board) [ $# -ge 2 ] || usage; board="$2"; shift 2 ;;
    --user) [ $# -ge 2 ] || usage; user="$2"; shift 2 ;;
    --compositor) [ $# -ge 2 ] || usage; compositor="$2"; shift 2 ;;
    --root) [ $# -ge 2 ] || usage; R="${2%/}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "setup: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -z "$R" ] || [ -d "$R" ] || die "--root $R is not a folder"
if [ "$dry" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then die "run it as root (sudo $0 …), or try --dry-run first"; fi

say() { echo "setup: $*"; }
# One change: in a dry run, say what would happen; otherwise say it and do it (the rest of the arguments).
change() {
  local what="$1"; shift
  changes=$((changes + 1))
  if [ "$dry" -eq 1 ]; then say "would $what"; else say "$what"; "$@"; fi
}
# Makes file $1 hold the text on standard input (owner $2, mode $3), showing the edit as a diff; no-op when equal.
put_file() {
  local file="$1" owner="$2" mode="$3" want
  want="$(mktemp)"
  cat > "$want"
  if [ -f "$R$file" ] && cmp -s "$want" "$R$file"; then rm -f "$want"; return 0; fi
  changes=$((changes + 1))
  if [ -f "$R$file" ]; then
    say "$([ "$dry" -eq 1 ] && echo "would edit" || echo "edit") $file:"
    diff -u --label "$file" --label "$file (new)" "$R$file" "$want" | sed 's/^/  /' || true
  else
    say "$([ "$dry" -eq 1 ] && echo "would write" || echo "write") $file:"
    sed 's/^/  + /' "$want"
  fi
  if [ "$dry" -eq 0 ]; then
    # Folders made on the way (~/.config/labwc) belong to the file's owner, or the desktop could not write there.
    local dir missing=()
    dir="$(dirname "$file")"
    while [ ! -d "$R$dir" ]; do missing=("$dir" "${missing[@]}"); dir="$(dirname "$dir")"; done
    for dir in "${missing[@]}"; do mkdir "$R$dir"; chown "$owner" "$R$dir"; done
    install -m "$mode" "$want" "$R$file"
    chown "$owner" "$R$file"
  fi
  rm -f "$want"
}
in_target() { if [ -z "$R" ]; then "$@"; else chroot "$R" "$@"; fi; }

# --- What this Pi is: every question answered before anything changes, so a refusal leaves the Pi as it was -----
arch="$(in_target dpkg --print-architecture 2>/dev/null || dpkg --print-architecture)"
if [ -z "$deb" ]; then
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  deb="$(find "$here" "$here/.." "$PWD" -maxdepth 1 -name "kiosk_*_${arch}.deb" 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$deb" ] || die "no kiosk_*_${arch}.deb next to this script or here: name it with --deb FILE (packaging/build-deb.sh --arch $arch makes it)"
fi
[ -f "$deb" ] || die "--deb $deb: no such file"
want_version="$(dpkg-deb -f "$deb" Version)"
[ "$(dpkg-deb -f "$deb" Package)" = kiosk ] || die "$deb is not the kiosk package"
have_version="$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${Status} ${Version}' kiosk 2>/dev/null | sed -n 's/^install ok installed //p' || true)"
if [ -z "$user" ]; then
  user="${SUDO_USER:-}"
  [ -n "$user" ] && [ "$user" != root ] || user="$(awk -F: '$3 == 1000 { print $1; exit }' "$R/etc/passwd")"
fi
entry="$(awk -F: -v u="$user" '$1 == u' "$R/etc/passwd")"
if [ -z "$user" ] || [ -z "$entry" ]; then die "no desktop user found: name the one the screen logs in as with --user NAME"; fi
uid="$(echo "$entry" | cut -d: -f3)"; gid="$(echo "$entry" | cut -d: -f4)"; home="$(echo "$entry" | cut -d: -f6)"
owner="$uid:$gid"

if [ "$compositor" = auto ]; then
  # The session lightdm logs in to names the compositor (LXDE-pi-labwc, LXDE-pi-wayfire); else whichever is installed.
  session="$(grep -hE '^(user|autologin)-session=' "$R/etc/lightdm/lightdm.conf" 2>/dev/null | tail -n 1 || true)"
  case "$session" in
    *labwc*) compositor=labwc ;;
    *wayfire*) compositor=wayfire ;;
    *) if [ -x "$R/usr/bin/labwc" ]; then compositor=labwc; elif [ -x "$R/usr/bin/wayfire" ]; then compositor=wayfire; fi ;;
  esac
  [ "$compositor" != auto ] || die "neither labwc nor wayfire is installed: this needs Raspberry Pi OS Bookworm with desktop (or say --compositor)"
fi
screen="/usr/lib/kiosk/kiosk-screen"
begin="# kiosk: begin (packaging/pi/setup.sh writes this block; edit outside it)"
end="# kiosk: end"

if [ "$board" = auto ]; then
  model="$(tr -d '\0' < "$R/proc/device-tree/model" 2>/dev/null || true)"
  case "$model" in   # "Raspberry Pi 4"* also matches the Raspberry Pi 400
    "Raspberry Pi 5"*|"Raspberry Pi Compute Module 5"*) board=raspberry-pi-5 ;;
    "Raspberry Pi 4"*|"Raspberry Pi Compute Module 4"*) board=raspberry-pi-4 ;;
    *) die "cannot tell the pin map from this model ('${model:-unknown}'): say --board raspberry-pi-4, raspberry-pi-5 or a JSON file" ;;
  esac
  say "this is a ${model}: pin map $board"
fi

# --- 1. The package ---------------------------------------------------------------------------------------------------
install_deb() {
  local copy="/tmp/kiosk-setup.deb"
  cp "$deb" "$R$copy"
  DEBIAN_FRONTEND=noninteractive in_target apt-get install -y -q "$copy"
  rm -f "$R$copy"
}
if [ "$have_version" = "$want_version" ]; then
  say "kiosk $want_version is installed"
else
  change "install kiosk $want_version from $deb${have_version:+ (replacing $have_version)}" install_deb
fi

# --- 2. Chromium ------------------------------------------------------------------------------------------------------
if [ -x "$R/usr/bin/chromium-browser" ] || [ -x "$R/usr/bin/chromium" ]; then
  say "Chromium is installed"
else
  # Raspberry Pi OS calls its build chromium-browser; Debian calls it chromium.
  browser=chromium
  if in_target apt-cache show chromium-browser >/dev/null 2>&1; then browser=chromium-browser; fi
  install_browser() { DEBIAN_FRONTEND=noninteractive in_target apt-get install -y -q "$browser"; }
  change "install $browser" install_browser
fi

# --- 3. Chromium full screen from the desktop's autostart, with no idle blanking -----------------------------------
case "$compositor" in
  labwc)
    # labwc runs the user's autostart instead of the system one: the screen shows the kiosk, no panel, no desktop,
    # and no swayidle, which is what blanks the screen on Raspberry Pi OS.
    file="$home/.config/labwc/autostart"
    put_file "$file" "$owner" 0644 < <(
      if [ -f "$R$file" ]; then
        awk -v b="$begin" -v e="$end" '
          $0 == b { skip = 1; next }
          skip && $0 == e { skip = 0; next }
          skip { next }
          /swayidle/ && !/^[[:space:]]*#/ { print "# kiosk: screen blanking off: " $0; next }
          { print }' "$R$file"
      fi
      printf '%s\n%s &\n%s\n' "$begin" "$screen" "$end")
    ;;
  wayfire)
    file="$home/.config/wayfire.ini"
    # Sets key = value in [section] of an INI text on standard input, adding the section or the key when missing.
    ini_set() {
      awk -v s="[$1]" -v k="$2" -v v="$3" '
        function emit() { if (insec && !done) { print k " = " v; done = 1 } }
        /^\[/ { emit(); insec = ($0 == s); if (insec) seen = 1; print; next }
        insec && $0 ~ "^[[:space:]]*" k "[[:space:]]*=" { if (!done) { print k " = " v; done = 1 }; next }
        { print }
        END { emit(); if (!seen) { if (NR > 0) print ""; print s; print k " = " v } }'
    }
    put_file "$file" "$owner" 0644 < <(
      { if [ -f "$R$file" ]; then cat "$R$file"; fi; } |
        ini_set autostart kiosk "$screen" |
        ini_set idle dpms_timeout -1 |
        ini_set idle screensaver_timeout -1)
    ;;
  *) die "--compositor is auto, labwc or wayfire, not '$compositor'" ;;
esac

# --- 4. No console blanking either (the screen shows the console while the desktop starts) -----------------------------
cmdline="/boot/firmware/cmdline.txt"
if [ -f "$R$cmdline" ]; then
  if grep -q 'consoleblank=0' "$R$cmdline"; then
    say "console blanking is off"
  else
    # cmdline.txt is one line: the option goes at its end.
    put_file "$cmdline" 0:0 0644 < <(sed '1s/[[:space:]]*$/ consoleblank=0/' "$R$cmdline")
  fi
fi

# --- 5. The pin map ---------------------------------------------------------------------------------------------------
conf="/etc/kiosk/kiosk.conf"
if [ -f "$R$conf" ]; then
  put_file "$conf" 0:0 0644 < <(
    if grep -qE '^board[[:space:]]*=' "$R$conf"; then
      sed -E "s|^board[[:space:]]*=.*|board = \"$board\"|" "$R$conf"
    else
      cat "$R$conf"; echo "board = \"$board\""
    fi)
elif [ "$dry" -eq 1 ]; then
  change "set board = \"$board\" in $conf (once the package has installed it)" true
else
  die "$conf is missing: reinstall the package (apt-get install --reinstall kiosk), then run this again"
fi

# --- Done ---------------------------------------------------------------------------------------------------------------
if [ "$changes" -eq 0 ]; then
  say "nothing to change"
elif [ "$dry" -eq 1 ]; then
  say "$changes changes to make (dry run: nothing changed)"
else
  say "$changes changes made"
  if [ -z "$R" ] && [ -d /run/systemd/system ]; then systemctl try-restart kiosk.service || true; fi
fi
if [ ! -f "$R/var/lib/kiosk/ledger.db" ]; then
  say "next: found or join the assembly as the kiosk user (docs/installer-guide.md), then: systemctl start kiosk"
fi
