package dev.polybridge.sentiment;

/**
 * The outcome for one input text: a label and its softmax score, or an error that says why the item
 * could not be classified. {@code truncated} is true when the text was longer than the model's
 * maximum sequence and was cut, as transformers does with {@code truncation=True}.
 */
public record Classification(String label, double score, boolean truncated, String error) {

    public static Classification of(String label, double score, boolean truncated) {
        return new Classification(label, score, truncated, null);
    }

    public static Classification failed(String error) {
        return new Classification(null, Double.NaN, false, error);
    }

    public boolean isError() {
        return error != null;
    }
}
