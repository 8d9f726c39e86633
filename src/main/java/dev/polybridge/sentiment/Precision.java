package dev.polybridge.sentiment;

/** Which ONNX file of a prepared model directory the engine loads. */
public enum Precision {
    FP32("model.onnx"),
    INT8("model.int8.onnx");

    private final String fileName;

    Precision(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
