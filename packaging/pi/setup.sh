#!/bin/bash
# Sets up a Raspberry Pi OS Bookworm (desktop) as a Kiosk gateway with its touch screen:
#
#   sudo packaging/pi/setup.sh [--dry-run] [--deb kiosk_VERSION_arm64.deb] [--board auto|NAME|FILE.json] [--station]
#                              [--camera] [--user NAME] [--compositor auto|labwc|wayfire] [--root DIR]
#
#  1. installs the kiosk .deb (the gateway service, the kiosk user, /etc/kiosk/kiosk.conf), unless that version is in;
#  2. installs Chromium when it is missing;
#  3. starts Chromium full screen on the kiosk page from the desktop's autostart (labwc, or wayfire on older images);
#  4. turns screen blanking off (no idle blanking in the desktop, no console blanking);
#  5. chooses the wired station's pin map (board = … in /etc/kiosk/kiosk.conf) from the Pi's model: the plain map
#     (buttons, LEDs, buzzer), or with --station the station map (plus card reader, display and PIN keypad);
#  6. switches SPI and I2C on in config.txt (dtparam=spi=on, dtparam=i2c_arm=on), only when the pin map declares a
#     part on that bus (a reboot then makes /dev/spidev0.0 and /dev/i2c-1 appear);
#  7. with a camera (--camera, or camera = true in kiosk.conf): camera = true in kiosk.conf and the Chromium policy
#     that lets the kiosk page, and only it, use the camera without asking (/etc/chromium/policies/managed/);
#     without one, that policy is removed.
# Run it again at any time: each step first checks and changes only what differs ("nothing to change" the 2nd time).
# --dry-run prints every change it would make (file edits as diffs) and changes nothing.
# --root DIR works on a Pi's file system mounted at DIR (an SD card in another machine; the tests' fake root).
set -euo pipefail

dry=0
deb=""
board="auto"
station=0
camera=0
user=""
compositor="auto"
R=""
changes=0

die() { echo "setup: $*" >&2; exit 2; }
usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1; shift ;;
    --deb) [ $# -ge 2 ] || usage; deb="$2"; shift 2 ;;
    --board) [ $# -ge 2 ] || usage; board="$2"; shift 2 ;;
    --station) station=1; shift ;;
    --camera) camera=1; shift ;;
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
  [ "$station" -eq 0 ] || board="$board-station"
  say "this is a ${model}: pin map $board"
elif [ "$station" -eq 1 ]; then
  die "--station picks the station map of the model found with --board auto: name the map with --board alone"
fi

# Which buses the chosen map's parts are on ("spi", "i2c", "uart"), from the map file: a JSON file named by --board, or
# a built-in board. The package carries the built-in maps in /usr/share/kiosk/boards, so the script works copied to the
# Pi on its own with the .deb; run from a clone it uses the clone's hardware/boards.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
map_file="$board"
if [ ! -f "$map_file" ] && [ -f "$here/../../hardware/boards/$board.json" ]; then
  map_file="$here/../../hardware/boards/$board.json"
elif [ ! -f "$map_file" ]; then
  map_file="$(mktemp)"
  trap 'rm -f "$map_file"' EXIT
  dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/share/kiosk/boards/$board.json" > "$map_file" 2>/dev/null \
    || die "--board $board: no such map file, and no built-in board of that name in $deb (its /usr/share/kiosk/boards)"
fi
buses="$(python3 - "$map_file" <<'PY'
import json, sys
station = (json.load(open(sys.argv[1])).get("station") or {})
need = set()
reader = station.get("reader")
if reader:
    if reader.get("kind") == "mfrc522": need.add("spi")
    elif reader.get("uart"): need.add("uart")
    else: need.add("i2c")
if station.get("display"): need.add("i2c")
print(" ".join(sorted(need)))
PY
)" || die "the pin map $map_file is not valid JSON"

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

# --- 6. SPI and I2C, only for the parts the pin map declares --------------------------------------------------------------
config="/boot/firmware/config.txt"
params=()
for bus in $buses; do
  case "$bus" in
    spi) params+=("dtparam=spi=on") ;;
    i2c) params+=("dtparam=i2c_arm=on") ;;
    uart) params+=("enable_uart=1") ;;
  esac
done
if [ ${#params[@]} -eq 0 ]; then
  say "pin map $board has no SPI, I2C or UART part: config.txt stays as it is"
elif [ ! -f "$R$config" ]; then
  say "warning: pin map $board needs ${params[*]} but there is no $config: add them by hand and reboot"
else
  # Each setting: already on → kept; commented out or off → that line switched on; missing → added at the end.
  want="$(cat "$R$config")"
  for param in "${params[@]}"; do
    key="${param%=*}"   # dtparam=spi=on → dtparam=spi; enable_uart=1 → enable_uart
    want="$(printf '%s\n' "$want" | awk -v p="$param" -v k="$key" '
      $0 == p { done = 1 }
      { lines[NR] = $0 }
      END {
        for (i = 1; i <= NR; i++) {
          line = lines[i]; bare = line; sub(/^[[:space:]]*#[[:space:]]*/, "", bare)
          if (!done && index(bare, k "=") == 1) { line = p; done = 1 }
          print line
        }
        if (!done) print p
      }')"
  done
  before="$changes"
  put_file "$config" 0:0 0644 < <(printf '%s\n' "$want")
  if [ "$changes" -gt "$before" ]; then say "pin map $board needs ${params[*]}: reboot once for them to take effect"
  else say "${params[*]} already on in $config"; fi
fi

# --- 7. The camera: Chromium may use it on the kiosk page only, without a prompt nobody at a kiosk could answer -------
policy="/etc/chromium/policies/managed/kiosk-camera.json"
if [ "$camera" -eq 0 ] && [ -f "$R$conf" ] && grep -qE '^camera[[:space:]]*=[[:space:]]*true[[:space:]]*(#.*)?$' "$R$conf"; then camera=1; fi
if [ "$camera" -eq 1 ]; then
  if [ -f "$R$conf" ]; then
    put_file "$conf" 0:0 0644 < <(
      if grep -qE '^camera[[:space:]]*=' "$R$conf"; then
        sed -E 's|^camera[[:space:]]*=.*|camera = true|' "$R$conf"
      else
        cat "$R$conf"; echo "camera = true"
      fi)
  else
    # Only a dry run gets here (a real run stopped at step 5 without kiosk.conf).
    change "set camera = true in $conf (once the package has installed it)" true
  fi
  # The page's origin as kiosk-screen opens it (kiosk-port of kiosk.conf, else the default).
  port="$(sed -n 's/^[[:space:]]*kiosk-port[[:space:]]*=[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$R$conf" 2>/dev/null | head -n 1)"
  put_file "$policy" 0:0 0644 < <(printf '{ "VideoCaptureAllowedUrls": ["http://127.0.0.1:%s"] }\n' "${port:-8080}")
elif [ -f "$R$policy" ]; then
  # No camera configured: no page keeps a standing permission to it.
  change "remove $policy (no camera: camera = true is not in $conf)" rm -f "$R$policy"
else
  say "no camera configured (--camera, or camera = true in $conf)"
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
