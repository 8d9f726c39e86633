"""Functions the bridge benchmark calls."""

import time


def noop():
    return None


def spin(millis):
    """Pure-Python busy work for about `millis` ms; holds the GIL throughout."""
    deadline = time.perf_counter() + millis / 1000.0
    n = 0
    while time.perf_counter() < deadline:
        n += 1
    return n


def host_wait(host, millis):
    """Waits inside a Java call, where the GIL is released."""
    host.sleep(millis)
    return millis


def add_ints(a, b):
    """Bridge overhead with two ints in and one out (also called through MetaCall by bench/metacall-go/bridge)."""
    return a + b


def echo_texts(texts):
    """Bridge overhead with a list of strings in and out."""
    return texts
