"""The trampoline every bridge call goes through: loading, argument conversion, arity check, error capture.

Java passes Lists and Maps as host objects (polyglot.ForeignList / ForeignDict). They are copied into
plain Python lists and dicts so functions get ordinary Python values; arguments Java marks as raw
(primitive arrays, host objects) are passed through untouched, so bulk data is never copied.

Only what every start needs is imported here: `inspect` and `traceback` pull in ast, dis, tokenize and more, which
GraalPy parses from source at each start (docs/memory.md, "Lean and quick"), so the error paths import them.
"""

import sys
import types

import polyglot


def to_python(value):
    if isinstance(value, polyglot.ForeignNone):
        return None
    if isinstance(value, polyglot.ForeignDict):
        return {to_python(k): to_python(v) for k, v in value.items()}
    if isinstance(value, polyglot.ForeignList):
        return [to_python(v) for v in value]
    return value


def load(target, is_file):
    """Imports a module by name or a .py file by path; returns (module name, {function name: function})."""
    if is_file:
        name = target.rsplit("/", 1)[-1][:-3]
        module = sys.modules.get(name)
        if module is None or getattr(module, "__file__", None) != target:
            import importlib.util

            spec = importlib.util.spec_from_file_location(name, target)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[name]
                raise
    else:
        __import__(target)
        module = sys.modules[target]
        name = module.__name__
    functions = {
        fn_name: fn
        for fn_name, fn in vars(module).items()
        if isinstance(fn, types.FunctionType) and fn.__module__ == name and not fn_name.startswith("_")
    }
    return name, functions


def invoke(fn, args, raw):
    """Calls fn. Returns (True, result), (False, 'arity', message) or (False, type, message, traceback)."""
    converted = [arg if raw[i] else to_python(arg) for i, arg in enumerate(args)]
    try:
        return True, fn(*converted)
    except TypeError as e:
        if e.__traceback__.tb_next is None:  # raised by the call itself: the arguments do not fit
            import inspect

            return False, "arity", f"{fn.__name__}{inspect.signature(fn)}: {e}"
        return False, "TypeError", str(e), _formatted(e)
    except BaseException as e:
        return False, type(e).__qualname__, str(e), _formatted(e)


def _formatted(error):
    import traceback

    return "".join(traceback.format_exception(error))
