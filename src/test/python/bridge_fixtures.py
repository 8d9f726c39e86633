"""Functions the bridge tests call."""

import time


def add(a, b):
    return a + b


def echo(value):
    return value


def kinds():
    return {
        "none": None,
        "true": True,
        "int": 42,
        "big": 2**70,
        "float": 1.5,
        "whole_float": 2.0,
        "text": "héllo wörld ✓",
        "list": [1, "a", None],
        "tuple": (1, 2),
        "nested": {"k": [1.0, {"x": False}]},
    }


def python_types(value):
    """Says what Python received, to check the Java → Python mapping."""
    if isinstance(value, dict):
        return {str(k): python_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [python_types(v) for v in value]
    return type(value).__name__


def fail(message):
    raise ValueError(message)


def fail_deep():
    return _level_one()


def _level_one():
    return {}["missing key"]


def sum_array(values):
    return sum(values)


def fill_with_squares(host, n):
    array = host.newLongArray(n)
    for i in range(n):
        array[i] = i * i
    return array


def host_sleep(host, millis):
    host.sleep(millis)
    return millis


def py_sleep(seconds):
    time.sleep(seconds)
    return seconds


def read_file(path):
    with open(path) as f:
        return f.read()


def write_file(path):
    with open(path, "w") as f:
        f.write("x")


def run_process():
    import subprocess

    return subprocess.run(["true"]).returncode


def host_class():
    import java

    return java.type("java.lang.System")


def returns_object():
    return object()


def two_args(a, b):
    return [a, b]


def keyword_only(a, *, b):
    return a + b


def type_error_inside():
    return len(5)
