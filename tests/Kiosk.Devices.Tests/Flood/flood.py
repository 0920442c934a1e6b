#!/usr/bin/env python3
"""Hostile MQTT load for the device broker's guard test: opens COUNT TCP connections to HOST:PORT from the given source
addresses (round robin). Even-numbered connections stay silent (never send CONNECT); odd-numbered ones send a CONNECT
with a wrong password. Nothing is ever closed by this side until the end: every close is the server's doing.

Usage: flood.py HOST PORT COUNT WAIT_SECONDS SOURCE [SOURCE...]
Prints "progress OPENED" lines while opening, then one JSON line "result {...}":
  opened, connect_failed, silent, wrong_password, closed_by_server, still_open, max_silent_held_s (longest a silent
  connection was held open by the server), connack_refusals (wrong-password CONNECTs answered with a refusal CONNACK).
Uses epoll, not select(), so it can watch sockets numbered above 1024.
"""
import errno, json, resource, select, socket, struct, sys, time

host, port, count, wait_s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
sources = sys.argv[5:]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
MAX_CONNECTING = 400  # SYNs in flight at once: more only overflows the listen backlog and adds retransmit delays


def mqtt_string(b):
    return struct.pack(">H", len(b)) + b


def wrong_connect(i):
    # MQTT 3.1.1 CONNECT, clean session, keep-alive 60, user name and password flags set.
    body = mqtt_string(b"MQTT") + bytes([4, 0xC2]) + struct.pack(">H", 60)
    body += mqtt_string(b"intruder-%d" % i) + mqtt_string(b"not-a-device") + mqtt_string(b"0" * 64)
    return bytes([0x10, len(body)]) + body


ep = select.epoll()
socks = {}  # fd -> state dict
opened = failed = silent = wrong = closed = refusals = 0
max_held = 0.0
next_i = 0
connecting = 0
open_count = 0  # sockets whose connect succeeded and that the server has not closed yet
start = time.monotonic()


def close_state(fd, st, now):
    global closed, max_held, open_count
    if st.get("done"):
        return
    st["done"] = True
    ep.unregister(fd)
    st["sock"].close()
    del socks[fd]
    open_count -= 1
    closed += 1
    if st["silent"] and "up" in st:
        max_held = max(max_held, now - st["up"])


last_progress = 0
while True:
    now = time.monotonic()
    while next_i < count and connecting < MAX_CONNECTING:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_IP, 24, 1)  # IP_BIND_ADDRESS_NO_PORT: pick the port at connect, per destination
        s.bind((sources[next_i % len(sources)], 0))
        s.setblocking(False)
        err = s.connect_ex((host, port))
        st = {"sock": s, "silent": next_i % 2 == 0, "i": next_i, "connecting": True}
        if err not in (0, errno.EINPROGRESS):
            failed += 1
            s.close()
        else:
            socks[s.fileno()] = st
            ep.register(s.fileno(), select.EPOLLOUT | select.EPOLLIN | select.EPOLLRDHUP)
            connecting += 1
        next_i += 1
    if opened - last_progress >= 500 or (next_i == count and connecting == 0 and last_progress != opened):
        # "progress N": N connections established so far.
        last_progress = opened
        print("progress %d" % opened, flush=True)
    if next_i == count and connecting == 0 and (open_count == 0 or now - start > wait_s):
        break
    if now - start > wait_s + 60:
        break
    for fd, ev in ep.poll(0.2):
        st = socks.get(fd)
        if st is None or st.get("done"):
            continue
        now = time.monotonic()
        if st["connecting"]:
            err = st["sock"].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            st["connecting"] = False
            connecting -= 1
            if err != 0:
                failed += 1
                st["done"] = True
                ep.unregister(fd)
                st["sock"].close()
                del socks[fd]
                continue
            opened += 1
            open_count += 1
            st["up"] = now
            if st["silent"]:
                silent += 1
            else:
                wrong += 1
                try:
                    st["sock"].send(wrong_connect(st["i"]))
                except OSError:
                    pass
            ep.modify(fd, select.EPOLLIN | select.EPOLLRDHUP)
            if not (ev & (select.EPOLLIN | select.EPOLLRDHUP | select.EPOLLHUP | select.EPOLLERR)):
                continue
        try:
            data = st["sock"].recv(4096)
        except BlockingIOError:
            continue
        except OSError:
            data = b""
        if data:
            if data[0] == 0x20 and len(data) >= 4 and data[3] != 0:
                refusals += 1
            continue
        close_state(fd, st, now)

still_open = open_count
for fd, st in socks.items():
    if not st.get("done"):
        st["sock"].close()
print("result " + json.dumps({
    "opened": opened, "connect_failed": failed, "silent": silent, "wrong_password": wrong,
    "closed_by_server": closed, "still_open": still_open, "max_silent_held_s": round(max_held, 3),
    "connack_refusals": refusals, "seconds": round(time.monotonic() - start, 2),
}), flush=True)
