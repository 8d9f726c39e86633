package dev.polybridge.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.polybridge.sentiment.Classification;
import java.util.List;

/** The JSON shapes of the API. */
final class ApiModels {
    private ApiModels() {}

    /** {@code {"error": "...", "field": "texts[3]"}}; field is omitted when no one field is at fault. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiError(String error, String field) {}

    /** One text's outcome: label and score (and truncated), or an error naming the item. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemResult(String label, Double score, Boolean truncated, String error) {
        static ItemResult of(Classification c, int index) {
            return c.isError() ? failed(index, c.error()) : new ItemResult(c.label(), c.score(), c.truncated(), null);
        }

        static ItemResult failed(int index, String error) {
            return new ItemResult(null, null, null, "texts[" + index + "]: " + error);
        }
    }

    record ClassifyResponse(List<ItemResult> results) {}
}
