#!/bin/bash
# Installs a kiosk .deb into a fresh Debian root and checks it works there, as a volunteer's machine would:
#
#   packaging/test/install-check.sh kiosk_VERSION_amd64.deb
#
# The root is debian-root.sh's cached debootstrap root with a throw-away overlay on top (the cache stays clean).
# Checked: dpkg -i succeeds; the kiosk user exists, is in the gpio group and owns /var/lib/kiosk; the conffile and the
# enabled unit are in place and systemd-analyze verify accepts the installed unit; as the kiosk user, `kiosk init`,
# `kiosk gateway enrol` and `kiosk run` (settings from the packaged /etc/kiosk/kiosk.conf, ports from flags on free
# 127.0.0.1 ports) answer /health/ready and render /kiosk, /board and /console/login, a facilitator logs in (passphrase
# set with `kiosk passphrase`), and `kiosk status` reads the ledger beside it (the program is Native AOT: this is where a part that did not survive compilation shows); then
# remove keeps the data and purge keeps the data but drops the conffile. Prints one line per check; exits 0 only when
# every check passed. Needs root (chroot, mounts).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

deb="${1:?usage: install-check.sh PATH/TO/kiosk_VERSION_amd64.deb}"
[ -f "$deb" ] || { echo "install-check: no such package: $deb" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
  echo "install-check: needs root (chroot, mount); run it, or ./test.sh, as root" >&2; exit 1
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "install-check: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

base="$("$here/debian-root.sh")"
run="$(mktemp -d /var/tmp/kiosk-install.XXXXXX)"
top="$run/root"
mkdir -p "$run/upper" "$run/work" "$top"
pid=""
mounts=()

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  # Whatever still runs inside the root (a process the checks started and lost track of) goes with it.
  local proc
  for proc in /proc/[0-9]*; do
    if [ "$(readlink "$proc/root" 2>/dev/null)" = "$top" ]; then kill -KILL "${proc#/proc/}" 2>/dev/null || true; fi
  done
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT

fail() { echo "install-check: FAILED: $*" >&2; exit 1; }
ok() { echo "install-check: ok: $*"; }

# An overlay keeps the cached root untouched; where overlayfs is not allowed, a plain copy does the same, slower.
if mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$top" 2>/dev/null; then
  mounts+=("$top")
else
  cp -a "$base/." "$top/"
fi
mount -t proc proc "$top/proc"; mounts+=("$top/proc")
mount --bind /dev "$top/dev"; mounts+=("$top/dev")
in_root() { chroot "$top" "$@"; }
as_kiosk() { chroot --userspec=kiosk:kiosk "$top" env -i HOME=/var/lib/kiosk PATH=/usr/bin:/bin LANG=C.UTF-8 KIOSK_DATA=/var/lib/kiosk "$@" < /dev/null; }

# 1. Install. The root already holds the package's dependencies, so dpkg alone installs it (no network needed).
cp "$deb" "$top/tmp/kiosk.deb"
log="$(in_root dpkg -i /tmp/kiosk.deb 2>&1)" || fail "dpkg -i: $log"
ok "dpkg -i $(basename "$deb")"

# 2. What the maintainer scripts and the package put in place.
in_root getent passwd kiosk >/dev/null || fail "no kiosk user"
in_root id -nG kiosk | tr ' ' '\n' | grep -qx gpio || fail "kiosk is not in the gpio group: $(in_root id kiosk)"
owner="$(in_root stat -c '%U:%G %a' /var/lib/kiosk)"
[ "$owner" = "kiosk:kiosk 750" ] || fail "/var/lib/kiosk is $owner, not kiosk:kiosk 750"
ok "kiosk user in the gpio group owns /var/lib/kiosk"
in_root dpkg-query -W -f="\${Conffiles}\n" kiosk | grep -q '^ /etc/kiosk/kiosk.conf ' || fail "/etc/kiosk/kiosk.conf is not a conffile"
[ -L "$top/etc/systemd/system/multi-user.target.wants/kiosk.service" ] || fail "kiosk.service is not enabled"
[ "$(readlink -f "$top/usr/bin/kiosk")" = "$top/usr/lib/kiosk/kiosk" ] || fail "/usr/bin/kiosk does not lead to /usr/lib/kiosk/kiosk"
ok "conffile, /usr/bin/kiosk and the enabled unit"
log="$(in_root systemd-analyze verify --man=no /lib/systemd/system/kiosk.service 2>&1)" || fail "systemd-analyze verify: $log"
[ -z "$log" ] || fail "systemd-analyze verify warns: $log"
ok "systemd-analyze verify kiosk.service"

# 3. The program, as the service's user, with the packaged settings file.
log="$(as_kiosk kiosk init --name "Install check" 2>&1)" || fail "kiosk init: $log"
log="$(as_kiosk kiosk gateway enrol --name install-check 2>&1)" || fail "kiosk gateway enrol: $log"
ok "kiosk init and kiosk gateway enrol as kiosk"
# A console passphrase for the founder (from standard input, as a facilitator gives it), for the login below.
passphrase="install check passphrase"
log="$(printf '%s\n' "$passphrase" | chroot --userspec=kiosk:kiosk "$top" env -i HOME=/var/lib/kiosk PATH=/usr/bin:/bin LANG=C.UTF-8 \
  KIOSK_DATA=/var/lib/kiosk kiosk passphrase --as founder 2>&1)" || fail "kiosk passphrase --as founder: $log"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
kiosk_port="$(free_port)"
console_port="$(free_port)"
# exec: $! must be kiosk itself (chroot and env exec it), not a subshell whose death would leave kiosk running.
(exec chroot --userspec=kiosk:kiosk "$top" env -i HOME=/var/lib/kiosk PATH=/usr/bin:/bin LANG=C.UTF-8 KIOSK_DATA=/var/lib/kiosk \
  kiosk run --kiosk-port "$kiosk_port" --console-port "$console_port" --mqtt-port -1 --peer-port -1 --no-discovery \
  < /dev/null > "$run/run.log" 2>&1) &
pid=$!
ready=""
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do
  if ready="$(curl -fsS --max-time 5 "http://127.0.0.1:$console_port/health/ready" 2>/dev/null)"; then break; fi
  ready=""
  sleep 0.5
done
[ -n "$ready" ] || fail "kiosk run never answered /health/ready on 127.0.0.1:$console_port; its output:
$(cat "$run/run.log")"
echo "$ready" | grep -q '"status":"ready"' || fail "/health/ready is not ready: $ready"
ok "kiosk run answers /health/ready: $ready"
curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$kiosk_port/kiosk" || fail "kiosk run does not serve /kiosk on 127.0.0.1:$kiosk_port"
ok "kiosk run serves /kiosk"
# The pages are Razor components that the Native AOT program must still find, fill with their parameters and render:
# the board and the console's login page show the assembly's name (a parameter and an injected service) and texts.
page="$(curl -fsS --max-time 10 "http://127.0.0.1:$kiosk_port/board" 2>&1)" || fail "kiosk run does not serve /board: $page"
echo "$page" | grep -q 'class="assembly">Install check<' || fail "/board does not show the assembly's name: $page"
page="$(curl -fsS --max-time 10 "http://127.0.0.1:$console_port/console/login" 2>&1)" || fail "kiosk run does not serve /console/login: $page"
echo "$page" | grep -q '<h1>Facilitator login</h1>' || fail "/console/login has no login heading: $page"
echo "$page" | grep -q 'class="assembly">Install check' || fail "/console/login does not show the assembly's name: $page"
ok "kiosk run renders /board and /console/login"
# A facilitator logs in: the form's antiforgery token, the sealed key opened with the passphrase, the session cookie,
# and the dashboard rendered for the session.
jar="$run/cookies"
page="$(curl -fsS --max-time 10 -c "$jar" -b "$jar" "http://127.0.0.1:$console_port/console/login" 2>&1)" || fail "/console/login: $page"
token="$(echo "$page" | grep -o 'name="__csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
who="$(echo "$page" | grep -o '<option value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')"
{ [ -n "$token" ] && [ -n "$who" ]; } || fail "/console/login has no login form with a token and a facilitator: $page"
status="$(curl -sS --max-time 30 -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' --data-urlencode "__csrf=$token" \
  --data-urlencode "who=$who" --data-urlencode "passphrase=$passphrase" "http://127.0.0.1:$console_port/console/login" 2>&1)" || fail "login POST: $status"
[[ "$status" == 302\ *"/console" ]] || fail "login POST answered $status, not a redirect to /console"
page="$(curl -fsS --max-time 10 -b "$jar" "http://127.0.0.1:$console_port/console" 2>&1)" || fail "/console after login: $page"
echo "$page" | grep -q '<h1>Ballots</h1>' || fail "/console after login is not the dashboard: $page"
ok "a facilitator logs in to the console"
# What an operator runs beside the service: the ledger's state, read while the gateway holds the writer.
log="$(as_kiosk kiosk status 2>&1)" || fail "kiosk status beside kiosk run: $log"
echo "$log" | grep -q "Install check" || fail "kiosk status does not name the assembly: $log"
ok "kiosk status beside kiosk run"
kill -TERM "$pid"
status=0; wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || [ "$status" -eq 143 ] || fail "kiosk run exited $status after SIGTERM; its output:
$(cat "$run/run.log")"
left=""
for proc in /proc/[0-9]*; do
  if [ "$(readlink "$proc/root" 2>/dev/null)" = "$top" ]; then left+="$(tr '\0' ' ' < "$proc/cmdline" 2>/dev/null || true); "; fi
done
[ -z "$left" ] || fail "still running inside the root after kiosk run stopped: $left"
ok "kiosk run stops cleanly on SIGTERM"

# 4. Remove keeps the data and the settings; purge drops the settings, keeps the ledger.
log="$(in_root dpkg -r kiosk 2>&1)" || fail "dpkg -r: $log"
if [ ! -f "$top/var/lib/kiosk/ledger.db" ] || [ ! -f "$top/etc/kiosk/kiosk.conf" ]; then fail "remove deleted the ledger or the settings"; fi
[ ! -e "$top/usr/lib/kiosk/kiosk" ] || fail "remove left the program"
ok "dpkg -r keeps /var/lib/kiosk and /etc/kiosk/kiosk.conf"
log="$(in_root dpkg -P kiosk 2>&1)" || fail "dpkg -P: $log"
[ -f "$top/var/lib/kiosk/ledger.db" ] || fail "purge deleted the ledger"
[ ! -e "$top/etc/kiosk/kiosk.conf" ] || fail "purge left /etc/kiosk/kiosk.conf"
echo "$log" | grep -q "kept /var/lib/kiosk" || fail "purge did not say where the data was kept: $log"
ok "dpkg -P keeps /var/lib/kiosk, drops /etc/kiosk/kiosk.conf"
echo "install-check: all checks passed"
