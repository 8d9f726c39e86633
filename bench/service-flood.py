#!/usr/bin/env python3
"""The flood of issue 19 against a running `polybridge serve` (docs/service.md, "Limits and failures"): CLIENTS
connections each declare an 8 MB JSON body and send 7 MB of it, then wait for an answer. Prints the server's RSS
before, at its peak during the flood and after, what each connection got, and the RSS again WAIT seconds later.

    python3 bench/service-flood.py --port 8080 --pid $(pgrep -f 'polybridge.*serve') [--clients 60] [--wait 75]
"""

import argparse
import collections
import contextlib
import socket
import threading
import time


def rss_mib(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * 4096 // 2**20


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True, help="the server's JVM")
    p.add_argument("--clients", type=int, default=60)
    p.add_argument("--wait", type=int, default=75, help="seconds to wait after the flood before the last RSS")
    args = p.parse_args()
    body = b'{"texts":["' + b"x" * (7_000_000 - 11)
    answers = collections.Counter()
    seconds = []

    def client():
        started = time.time()
        try:
            s = socket.create_connection(("127.0.0.1", args.port))
            s.settimeout(300)
            s.sendall(
                b"POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 8000000\r\n\r\n"
            )
            with contextlib.suppress(OSError):  # answered and closed while we were still sending
                s.sendall(body)
            head = s.recv(4096)
            answers[head.split(b"\r\n")[0].decode() if head else "closed without an answer"] += 1
        except OSError as e:
            answers[type(e).__name__] += 1
        seconds.append(time.time() - started)

    before = rss_mib(args.pid)
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for t in threads:
        t.start()
    peak = before
    while any(t.is_alive() for t in threads):
        peak = max(peak, rss_mib(args.pid))
        time.sleep(0.2)
    print(
        f"RSS before {before} MiB, peak {peak} MiB, after {rss_mib(args.pid)} MiB; answers {dict(answers)};"
        f" slowest answer {max(seconds):.1f} s"
    )
    time.sleep(args.wait)
    print(f"RSS {args.wait} s later {rss_mib(args.pid)} MiB")


if __name__ == "__main__":
    main()
