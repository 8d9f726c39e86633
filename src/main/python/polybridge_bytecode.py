"""Compiled bytecode of what this context has imported, for dev.polybridge.bridge.PythonBytecode to write below
sys.pycache_prefix: checked-hash .pyc files (PEP 552), which a later context uses only while their source is unchanged.
Imported by the build, never by a classifying context."""

import importlib.util
import sys
from importlib import _bootstrap_external


def checked_hash_pycs():
    """[cache path, the .pyc's bytes as latin-1 text] for each imported module that was loaded from a .py file."""
    pycs = []
    for module in list(sys.modules.values()):
        spec = getattr(module, "__spec__", None)
        origin = spec.origin if spec is not None and spec.has_location else None
        if not origin or not origin.endswith(".py"):
            continue
        with open(origin, "rb") as f:
            source = f.read()
        code = compile(source, origin, "exec", dont_inherit=True)
        pyc = _bootstrap_external._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=True)
        pycs.append([importlib.util.cache_from_source(origin), bytes(pyc).decode("latin-1")])
    return pycs
