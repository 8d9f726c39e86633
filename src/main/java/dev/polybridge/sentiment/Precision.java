package dev.polybridge.sentiment;

import java.util.Locale;

/**
 * Which model file of a prepared model directory the engine loads: the ORT-format twin {@code make model} writes of
 * {@code model.onnx} or {@code model.int8.onnx}.
 */
public enum Precision {
    FP32("model.ort"),
    INT8("model.int8.ort");

    private final String fileName;

    Precision(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** {@code fp32} or {@code int8}, in any case. */
    public static Precision parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fp32" -> FP32;
            case "int8" -> INT8;
            default -> throw new IllegalArgumentException("must be fp32 or int8, got '" + name + "'");
        };
    }

    /** The name {@link #parse} takes: {@code fp32} or {@code int8}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
