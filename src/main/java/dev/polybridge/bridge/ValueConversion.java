package dev.polybridge.bridge;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/** The Java ⇄ Python value mapping of {@link PythonBridge#call}. */
final class ValueConversion {
    private ValueConversion() {}

    /**
     * Rejects arguments the bridge does not convert, naming the argument. Returns which arguments pass to Python
     * untouched ("raw"): primitive arrays (bulk data, no copy) and host objects with exported methods.
     * Lists and Maps are copied into Python lists and dicts; strings, numbers, booleans and null map directly.
     */
    static boolean[] checkArguments(String function, Object[] args) {
        boolean[] raw = new boolean[args.length];
        for (int i = 0; i < args.length; i++) {
            raw[i] = isRaw(args[i]);
            if (!raw[i]) {
                checkConvertible(args[i], function, "argument " + (i + 1));
            }
        }
        return raw;
    }

    private static boolean isRaw(Object arg) {
        return arg != null
                && (arg.getClass().isArray() && arg.getClass().componentType().isPrimitive()
                        || exportsMethods(arg.getClass()));
    }

    private static boolean exportsMethods(Class<?> type) {
        return Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(HostAccess.Export.class));
    }

    private static void checkConvertible(Object value, String function, String where) {
        switch (value) {
            case null -> {}
            case String s -> {}
            case Boolean b -> {}
            case Character c -> {}
            case Byte b -> {}
            case Short s -> {}
            case Integer n -> {}
            case Long n -> {}
            case Float f -> {}
            case Double d -> {}
            case BigInteger n -> {}
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    checkConvertible(list.get(i), function, where + "[" + i + "]");
                }
            }
            case Map<?, ?> map ->
                map.forEach((k, v) -> {
                    checkConvertible(k, function, where + " key");
                    checkConvertible(v, function, where + "[" + k + "]");
                });
            default -> {
                if (!isRaw(value)) {
                    throw new ArgumentException(function + ": " + where + " has type "
                            + value.getClass().getName()
                            + ", which the bridge does not pass to Python; use a String, number, Boolean, null, "
                            + "List, Map, primitive array or a host object with @HostAccess.Export methods");
                }
            }
        }
    }

    static Object toJava(Value value, String function) {
        if (value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isHostObject()) {
            return value.asHostObject();
        }
        if (value.isNumber()) {
            if ("float".equals(value.getMetaObject().getMetaSimpleName())) {
                return value.asDouble();
            }
            if (value.fitsInLong()) {
                return value.asLong();
            }
            return value.fitsInBigInteger() ? value.asBigInteger() : value.asDouble();
        }
        if (value.hasHashEntries()) {
            var map = new LinkedHashMap<Object, Object>();
            Value entries = value.getHashEntriesIterator();
            while (entries.hasIteratorNextElement()) {
                Value entry = entries.getIteratorNextElement();
                map.put(toJava(entry.getArrayElement(0), function), toJava(entry.getArrayElement(1), function));
            }
            return map;
        }
        if (value.hasArrayElements()) {
            int size = Math.toIntExact(value.getArraySize());
            var list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(toJava(value.getArrayElement(i), function));
            }
            return list;
        }
        throw new BridgeException(
                "'" + function + "' returned a Python " + value.getMetaObject().getMetaSimpleName()
                        + ", which the bridge does not convert; return None, bool, int, float, str, list, tuple or dict");
    }
}
