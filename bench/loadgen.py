#!/usr/bin/env python3
"""Load generators and helpers for bench/run.sh (Python 3 stdlib only).

Subcommands
  sink          TCP server (single-threaded epoll) that reads and discards; when the peer
                half-closes it replies with the 8-byte big-endian count it received, then closes.
  echo          TCP echo server.
  send          bulk sender: N bytes to a sink, directly or through SOCKS5; the
                clock stops only when the sink's 8-byte ack arrives, i.e. when every
                byte has been received at the far end (not when it left our buffer).
  send-many     S parallel bulk senders into a sink through one port (or SOCKS5):
                aggregate MB/s and each stream's completion time (slowest/fastest).
  connect-rate  N short connections (SOCKS5 CONNECT or direct) to an echo server,
                P at a time, each sending and reading 4 bytes: conns/s, p50, p99.
  wait-ready    until an HTTP URL answers 200 or a SOCKS5 proxy carries a 4-byte echo; prints
                the seconds since --since (a wall-clock start time, e.g. the daemon's launch).
  mem           RSS and PSS (KiB) summed over process trees.
  cpu           CPU seconds (user+sys, children included) of process trees.
  tree          PIDs of process trees (for clean-up of forking daemons like sshd).
  free-port     print a currently free loopback TCP port (--pair: P with P+1 free too).

Output of send / connect-rate is one line of key=value pairs so bash can parse it.
MB is 10^6 bytes.
"""
import argparse
import errno
import ipaddress
import os
import select
import socket
import struct
import sys
import time

BUF = 1 << 20  # 1 MiB buffers so that Python is not the bottleneck


def hostport(s):
    host, _, port = s.rpartition(":")
    return host.strip("[]"), int(port)


def recv_exact(sock, n):
    out = bytearray()
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionError(f"EOF after {len(out)} of {n} bytes")
        out += chunk
    return bytes(out)


def listen(addr):
    host, port = hostport(addr)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(1024)
    return srv


def announce(args, srv):
    port = srv.getsockname()[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.rename(tmp, args.port_file)
    print(f"listening port={port}", flush=True)


def serve_sink(args):
    """Single-threaded epoll sink: reads and discards, at most one 1 MiB read per ready socket per
    round, so parallel streams are drained fairly (threads under the GIL were not: their stream
    completion times spread 4x on raw loopback); at the peer's EOF it sends the 8-byte count."""
    srv = listen(args.listen)
    srv.setblocking(False)
    announce(args, srv)
    ep = select.epoll()
    ep.register(srv.fileno(), select.EPOLLIN)
    conns = {}  # fd -> [socket, bytes received]
    buf = bytearray(BUF)
    while True:
        for fd, _ in ep.poll():
            if fd == srv.fileno():
                while True:
                    try:
                        c, _ = srv.accept()
                    except BlockingIOError:
                        break
                    c.setblocking(False)
                    conns[c.fileno()] = [c, 0]
                    ep.register(c.fileno(), select.EPOLLIN)
                continue
            entry = conns.get(fd)
            if entry is None:
                continue
            c = entry[0]
            try:
                n = c.recv_into(buf)
            except BlockingIOError:
                continue
            except OSError:
                n = -1
            if n > 0:
                entry[1] += n
                continue
            ep.unregister(fd)
            del conns[fd]
            if n == 0:
                try:
                    c.setblocking(True)
                    c.sendall(struct.pack("!Q", entry[1]))  # the ack that stops the sender's clock
                except OSError:
                    pass
            c.close()


def serve_echo(args):
    """Single-threaded epoll echo server. Thread-per-connection would cost more CPU per
    connection than the tunnels under test do, and on 2 cores that CPU is taken from them."""
    srv = listen(args.listen)
    srv.setblocking(False)
    announce(args, srv)
    ep = select.epoll()
    ep.register(srv.fileno(), select.EPOLLIN)
    conns = {}

    def close(fd):
        ep.unregister(fd)
        conns.pop(fd).close()

    while True:
        for fd, _ in ep.poll():
            if fd == srv.fileno():
                while True:
                    try:
                        c, _ = srv.accept()
                    except BlockingIOError:
                        break
                    c.setblocking(False)
                    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    conns[c.fileno()] = c
                    ep.register(c.fileno(), select.EPOLLIN)
                continue
            c = conns[fd]
            try:
                data = c.recv(65536)
                if not data:
                    close(fd)
                    continue
                sent = c.send(data)
                if sent < len(data):  # rare (big writes only): finish it blocking
                    c.setblocking(True)
                    c.sendall(data[sent:])
                    c.setblocking(False)
            except BlockingIOError:
                pass
            except OSError:
                close(fd)


SOCKS_GREETING = b"\x05\x01\x00"  # version 5, one method: no authentication


def socks5_request(target):
    host, port = hostport(target)
    try:
        ip = ipaddress.ip_address(host)
        addr = (b"\x01" if ip.version == 4 else b"\x04") + ip.packed
    except ValueError:
        raw = host.encode()
        addr = b"\x03" + bytes([len(raw)]) + raw
    return b"\x05\x01\x00" + addr + struct.pack("!H", port)


def socks5_reply_len(buf):
    """Length of the CONNECT reply at the start of buf, or None if not known yet."""
    if len(buf) < 5:
        return None
    return {1: 10, 4: 22, 3: 7 + buf[4]}.get(buf[3]) or _bad_atyp(buf[3])


def _bad_atyp(atyp):
    raise ConnectionError(f"SOCKS5: bad atyp {atyp}")


def socks5_connect(sock, target):
    """RFC 1928 no-auth CONNECT; waits for the reply like a normal client."""
    sock.sendall(SOCKS_GREETING)
    if recv_exact(sock, 2) != b"\x05\x00":
        raise ConnectionError("SOCKS5: no-auth method refused")
    sock.sendall(socks5_request(target))
    ver, rep, _, atyp = recv_exact(sock, 4)
    if ver != 5 or rep != 0:
        raise ConnectionError(f"SOCKS5: reply code {rep:#04x}")
    if atyp == 1:
        recv_exact(sock, 4 + 2)
    elif atyp == 4:
        recv_exact(sock, 16 + 2)
    elif atyp == 3:
        recv_exact(sock, recv_exact(sock, 1)[0] + 2)
    else:
        raise ConnectionError(f"SOCKS5: bad atyp {atyp}")


def open_conn(to, socks5, target, timeout):
    """Connect to `to`, or through the SOCKS5 proxy `socks5` to `target`."""
    sock = socket.create_connection(hostport(socks5 or to), timeout=timeout)
    if socks5:
        socks5_connect(sock, target or to)
    return sock


def cmd_send(args):
    payload = memoryview(os.urandom(BUF))  # random: no accidental compression gains
    sock = open_conn(args.to, args.socks5, args.target, args.timeout)
    t0 = time.monotonic()
    left = args.bytes
    while left > 0:
        n = min(left, BUF)
        sock.sendall(payload[:n])
        left -= n
    sock.shutdown(socket.SHUT_WR)  # EOF travels through the tunnel to the sink
    got = struct.unpack("!Q", recv_exact(sock, 8))[0]
    dt = time.monotonic() - t0
    sock.close()
    if got != args.bytes:
        print(f"error: sink received {got} of {args.bytes} bytes", file=sys.stderr)
        return 1
    print(f"bytes={got} seconds={dt:.4f} mbps={got / dt / 1e6:.1f}", flush=True)
    return 0


def cmd_send_many(args):
    """S streams of N bytes each, all started at once from one epoll loop; each stream's clock stops
    when the sink's ack for it arrives. Reports the aggregate rate over the whole run and the
    slowest/fastest stream completion (a tunnel that starves some streams shows a large ratio)."""
    payload = memoryview(os.urandom(BUF))
    socks = [open_conn(args.to, args.socks5, args.target, args.timeout) for _ in range(args.streams)]
    ep = select.epoll()
    state = {}
    t0 = time.monotonic()
    for s in socks:
        s.setblocking(False)
        state[s.fileno()] = [s, args.bytes, b"", None]  # socket, bytes left to send, ack so far, done time
        ep.register(s.fileno(), select.EPOLLOUT)
    pending = len(socks)
    deadline = t0 + args.bytes * args.streams / 5e6 + 60
    while pending:
        if time.monotonic() > deadline:
            print("error: timeout", file=sys.stderr)
            return 1
        for fd, ev in ep.poll(1.0):
            st = state[fd]
            s = st[0]
            if st[1] > 0:
                try:
                    n = s.send(payload[:min(st[1], BUF)])
                except BlockingIOError:
                    continue
                st[1] -= n
                if st[1] == 0:
                    s.shutdown(socket.SHUT_WR)
                    ep.modify(fd, select.EPOLLIN)
                continue
            chunk = s.recv(8 - len(st[2]))
            if not chunk:
                print("error: EOF before the sink's ack", file=sys.stderr)
                return 1
            st[2] += chunk
            if len(st[2]) == 8:
                got = struct.unpack("!Q", st[2])[0]
                if got != args.bytes:
                    print(f"error: sink received {got} of {args.bytes} bytes", file=sys.stderr)
                    return 1
                st[3] = time.monotonic() - t0
                ep.unregister(fd)
                s.close()
                pending -= 1
    wall = time.monotonic() - t0
    done = sorted(st[3] for st in state.values())
    total = args.bytes * args.streams
    print(f"streams={args.streams} bytes={total} seconds={wall:.4f} mbps={total / wall / 1e6:.1f} "
          f"fastest={done[0]:.3f} slowest={done[-1]:.3f} spread={done[-1] / done[0]:.2f}", flush=True)
    return 0


class Probe:
    """One connect-rate connection: connect, [SOCKS5 greeting, CONNECT], ping, pong."""
    __slots__ = ("sock", "t0", "deadline", "phase", "buf")

    def __init__(self, sock, t0, deadline, phase):
        self.sock, self.t0, self.deadline, self.phase, self.buf = sock, t0, deadline, phase, b""


def cmd_connect_rate(args):
    """Single-threaded epoll client keeping `parallel` connections in flight. Threads
    under the GIL cost more CPU per connection than the tunnel under test spends, and
    on 2 cores that would flatten the very differences this figure is meant to show."""
    lat, errors = [], []
    msg = b"ping"
    dest = hostport(args.socks5 or args.to)
    request = socks5_request(args.target) if args.socks5 else None
    ep = select.epoll()
    active = {}
    started = 0

    def start():
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        now = time.perf_counter()
        p = Probe(s, now, now + args.timeout, "connect")
        err = s.connect_ex(dest)
        active[s.fileno()] = p
        ep.register(s.fileno(), select.EPOLLOUT)
        if err not in (0, errno.EINPROGRESS):
            finish(p, OSError(err, os.strerror(err)))

    def finish(p, error=None):
        fd = p.sock.fileno()
        ep.unregister(fd)
        del active[fd]
        p.sock.close()
        if error is None:
            lat.append(time.perf_counter() - p.t0)
        else:
            errors.append(repr(error))

    def step(p):
        """Advance p's protocol as far as its buffer allows; True when done."""
        s = p.sock
        while True:
            if p.phase == "method":
                if len(p.buf) < 2:
                    return False
                if p.buf[:2] != b"\x05\x00":
                    raise ConnectionError("SOCKS5: no-auth method refused")
                p.buf = p.buf[2:]
                s.send(request)
                p.phase = "reply"
            elif p.phase == "reply":
                n = socks5_reply_len(p.buf)
                if n is None or len(p.buf) < n:
                    return False
                if p.buf[1] != 0:
                    raise ConnectionError(f"SOCKS5: reply code {p.buf[1]:#04x}")
                p.buf = p.buf[n:]
                s.send(msg)
                p.phase = "echo"
            else:  # echo
                if len(p.buf) < len(msg):
                    return False
                if p.buf[:len(msg)] != msg:
                    raise ConnectionError("echo mismatch")
                return True

    t_start = time.perf_counter()
    while True:
        while started < args.count and len(active) < args.parallel \
                and len(errors) < args.max_errors:
            started += 1
            start()
        if not active:
            break
        for fd, ev in ep.poll(0.05):
            p = active.get(fd)
            if p is None:
                continue
            try:
                if p.phase == "connect":
                    err = p.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        raise OSError(err, os.strerror(err))
                    # tiny writes on a fresh socket: send() always takes them whole
                    p.sock.send(SOCKS_GREETING if request else msg)
                    p.phase = "method" if request else "echo"
                    ep.modify(fd, select.EPOLLIN)
                    continue
                data = p.sock.recv(4096)
                if not data:
                    raise ConnectionError(f"EOF in phase {p.phase}")
                p.buf += data
                if step(p):
                    finish(p)
            except (OSError, ConnectionError) as e:
                finish(p, e)
        now = time.perf_counter()
        for p in [p for p in active.values() if now > p.deadline]:
            finish(p, TimeoutError(f"timeout in phase {p.phase}"))
    wall = time.perf_counter() - t_start
    if errors:
        print(f"{len(errors)} errors, first: {errors[0]}", file=sys.stderr)
    if not lat:
        return 1
    lat.sort()

    def pct(p):
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

    print(f"count={args.count} ok={len(lat)} errors={len(errors)} seconds={wall:.3f} "
          f"rate={len(lat) / wall:.1f} p50_ms={pct(0.50):.2f} p99_ms={pct(0.99):.2f}",
          flush=True)
    return 0 if not errors else 2


def ready_once(args):
    """One readiness probe: True when the daemon does what a user would first ask of it."""
    try:
        if args.http:
            host, port, path = args.http
            with socket.create_connection((host, port), timeout=1) as s:
                s.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
                return s.recv(64).split(b" ")[1:2] == [b"200"]
        with open_conn(None, args.socks5, args.target, 2) as s:
            s.sendall(b"ping")
            return recv_exact(s, 4) == b"ping"
    except (OSError, ConnectionError, IndexError):
        return False


def cmd_wait_ready(args):
    if args.http:
        rest = args.http.split("://", 1)[-1]
        hostport_part, _, path = rest.partition("/")
        host, port = hostport(hostport_part)
        args.http = (host, port, "/" + path)
    deadline = time.time() + args.timeout
    while time.time() < deadline:
        if ready_once(args):
            print(f"seconds={time.time() - args.since:.3f}", flush=True)
            return 0
        time.sleep(0.01)
    print("error: not ready in time", file=sys.stderr)
    return 1


def cmd_mem(args):
    """RSS (what the processes hold) and PSS (shared pages split among their users) of process trees."""
    rss = pss = 0
    for pid in descendants(proc_table(), args.pids):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    print(f"rss_kb={rss} pss_kb={pss}")
    return 0


def proc_table():
    """pid -> (ppid, cpu ticks incl. reaped children) for every visible process."""
    table = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # process exited meanwhile
        fields = stat[stat.rindex(")") + 2:].split()  # comm may contain spaces
        ppid = int(fields[1])
        ticks = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        table[int(d)] = (ppid, ticks)
    return table


def descendants(table, roots):
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    seen = []
    stack = [p for p in roots if p in table]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.append(pid)
        stack.extend(children.get(pid, []))
    return seen


def cmd_tree(args):
    print(" ".join(str(p) for p in descendants(proc_table(), args.pids)))
    return 0


def cmd_cpu(args):
    """Sum CPU of each given PID and all its descendants. cutime/cstime make this
    correct across forks: a child that exits between two readings moves its time
    into its (counted) parent, so the difference of two readings stays exact.
    With --jit: only the JVM JIT compiler threads (C1/C2 CompilerThread) of those
    processes, which live as long as the JVM."""
    table = proc_table()
    pids = descendants(table, args.pids)
    total = sum(jit_ticks(p) for p in pids) if args.jit else sum(table[p][1] for p in pids)
    print(f"{total / os.sysconf('SC_CLK_TCK'):.2f}")
    return 0


def jit_ticks(pid):
    """CPU ticks of the JIT compiler threads of one process (0 for non-JVMs)."""
    ticks = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        if "CompilerThre" in comm:
            fields = stat[stat.rindex(")") + 2:].split()
            ticks += int(fields[11]) + int(fields[12])  # utime stime
    return ticks


def cmd_free_port(args):
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            if not args.pair:
                print(port)
                return 0
            if port < 65535 and port_is_free(port + 1):
                print(port)
                return 0
    print("no free pair of ports found", file=sys.stderr)
    return 1


def port_is_free(port):
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("sink", "echo"):
        s = sub.add_parser(name)
        s.add_argument("--listen", default="127.0.0.1:0")
        s.add_argument("--port-file")
    s = sub.add_parser("send")
    s.add_argument("--to", required=True, help="sink HOST:PORT (or -L port)")
    s.add_argument("--bytes", type=int, required=True)
    s.add_argument("--socks5", help="SOCKS5 proxy HOST:PORT")
    s.add_argument("--target", help="CONNECT target HOST:PORT (with --socks5)")
    s.add_argument("--timeout", type=float, default=60, help="per socket operation, s")
    s = sub.add_parser("send-many")
    s.add_argument("--to", required=True, help="sink HOST:PORT (or -L port)")
    s.add_argument("--streams", type=int, default=64)
    s.add_argument("--bytes", type=int, required=True, help="per stream")
    s.add_argument("--socks5", help="SOCKS5 proxy HOST:PORT")
    s.add_argument("--target", help="CONNECT target HOST:PORT (with --socks5)")
    s.add_argument("--timeout", type=float, default=60, help="per socket operation, s")
    s = sub.add_parser("connect-rate")
    s.add_argument("--to", help="direct target HOST:PORT (no proxy)")
    s.add_argument("--socks5")
    s.add_argument("--target")
    s.add_argument("--count", type=int, default=2000)
    s.add_argument("--parallel", type=int, default=8)
    s.add_argument("--timeout", type=float, default=15)
    s.add_argument("--max-errors", type=int, default=10, help="stop after this many")
    s = sub.add_parser("wait-ready")
    s.add_argument("--http", help="URL that must answer 200, e.g. http://127.0.0.1:9090/readyz")
    s.add_argument("--socks5", help="SOCKS5 proxy HOST:PORT that must carry an echo to --target")
    s.add_argument("--target")
    s.add_argument("--since", type=float, required=True, help="start time, seconds since the epoch")
    s.add_argument("--timeout", type=float, default=60)
    s = sub.add_parser("mem")
    s.add_argument("pids", type=int, nargs="+")
    s = sub.add_parser("cpu")
    s.add_argument("--jit", action="store_true", help="only the JVM JIT compiler threads")
    s.add_argument("pids", type=int, nargs="+")
    s = sub.add_parser("tree")
    s.add_argument("pids", type=int, nargs="+")
    fp = sub.add_parser("free-port")
    fp.add_argument("--pair", action="store_true", help="a port P with P+1 free too (a cluster member and its bus)")
    args = p.parse_args()

    if args.cmd == "sink":
        serve_sink(args)
    elif args.cmd == "echo":
        serve_echo(args)
    elif args.cmd == "send":
        if not args.socks5 and args.target:
            p.error("--target needs --socks5")
        return cmd_send(args)
    elif args.cmd == "send-many":
        return cmd_send_many(args)
    elif args.cmd == "connect-rate":
        if not (args.to or (args.socks5 and args.target)):
            p.error("give --to, or --socks5 and --target")
        return cmd_connect_rate(args)
    elif args.cmd == "wait-ready":
        if not (args.http or (args.socks5 and args.target)):
            p.error("give --http URL, or --socks5 and --target")
        return cmd_wait_ready(args)
    elif args.cmd == "mem":
        return cmd_mem(args)
    elif args.cmd == "cpu":
        return cmd_cpu(args)
    elif args.cmd == "tree":
        return cmd_tree(args)
    elif args.cmd == "free-port":
        return cmd_free_port(args)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ConnectionError) as e:
        print(f"error: {e!r}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
