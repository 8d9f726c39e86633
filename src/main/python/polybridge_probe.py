"""What `polybridge info` asks the context, to time the first Python result: the interpreter it runs."""

import sys


def interpreter():
    return f"{sys.implementation.name} {sys.version.split()[0]}"
