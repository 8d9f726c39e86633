package dev.polybridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polybridge.api.ApiModels.ClassifyResponse;
import dev.polybridge.api.ApiModels.ItemResult;
import dev.polybridge.sentiment.Classification;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /v1/classify}: {@code {"texts": [...]}} in, one result per text out, in order. Size limits fail the
 * whole request (413); a text that cannot be classified (not a string, empty, binary) gets an error in its place.
 */
@Path("/v1/classify")
public class ClassifyResource {

    private final ClassificationService service;
    private final LimitsConfig limits;
    private final ServiceMetrics metrics;

    @Inject
    ClassifyResource(ClassificationService service, LimitsConfig limits, ServiceMetrics metrics) {
        this.service = service;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * Runs on the event loop: checking and queueing never block. The Uni completes when the batcher has all results;
     * if the client disconnects first, Quarkus cancels the Uni and the request's texts still queued are dropped.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Classify the sentiment of up to polybridge.limits.max-texts texts",
            description =
                    "Body {\"texts\": [\"...\", ...]}. Returns {\"results\": [{\"label\", \"score\", \"truncated\"} or {\"error\"}]}, one per text, in order.")
    public Uni<ClassifyResponse> classify(JsonNode body) {
        List<Object> items = checkedItems(body);
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof String text) texts.add(text);
        }
        metrics.requestTexts(items.size());
        CompletableFuture<List<Classification>> results =
                texts.isEmpty() ? CompletableFuture.completedFuture(List.of()) : service.classify(texts);
        return Uni.createFrom()
                .completionStage(results)
                .onCancellation()
                .invoke(() -> results.cancel(true))
                .map(classified -> merge(items, classified));
    }

    /** Each item: its text (a String), or an {@link ItemResult} error for an item that cannot be classified. */
    private List<Object> checkedItems(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {\"texts\": [\"...\", ...]}", "body");
        }
        JsonNode texts = body.get("texts");
        if (texts == null || !texts.isArray()) {
            throw ApiException.badRequest("\"texts\" must be an array of strings", "texts");
        }
        if (texts.isEmpty()) {
            throw ApiException.badRequest("\"texts\" is empty: send at least one text", "texts");
        }
        if (texts.size() > limits.maxTexts()) {
            throw ApiException.tooLarge(
                    "%d texts in one request; the limit is %d (polybridge.limits.max-texts): split the request"
                            .formatted(texts.size(), limits.maxTexts()),
                    "texts");
        }
        List<Object> items = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonNode item = texts.get(i);
            if (!item.isTextual()) {
                items.add(ItemResult.failed(
                        i, "expected a string, got " + item.getNodeType().name().toLowerCase()));
                continue;
            }
            String text = item.textValue();
            int characters = text.codePointCount(0, text.length());
            if (characters > limits.maxTextChars()) {
                throw ApiException.tooLarge(
                        "text has %d characters; the limit is %d (polybridge.limits.max-text-chars)"
                                .formatted(characters, limits.maxTextChars()),
                        "texts[" + i + "]");
            }
            String problem = TextItems.problem(text);
            items.add(problem == null ? text : ItemResult.failed(i, problem));
        }
        return items;
    }

    private static ClassifyResponse merge(List<Object> items, List<Classification> classified) {
        List<ItemResult> results = new ArrayList<>(items.size());
        int next = 0;
        for (int i = 0; i < items.size(); i++) {
            results.add(items.get(i) instanceof ItemResult error ? error : ItemResult.of(classified.get(next++), i));
        }
        return new ClassifyResponse(results);
    }
}
