package dev.polybridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polybridge.regression.BatchPredictor;
import dev.polybridge.regression.Dataset;
import dev.polybridge.regression.DatasetReader;
import dev.polybridge.regression.InvalidDataException;
import dev.polybridge.regression.RegressionOptions;
import dev.polybridge.regression.Solver;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ejml.data.DMatrixRMaj;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code /v1/regression}: predictions from the served linear model, fitting a new one, and describing it. */
@Path("/v1/regression")
public class RegressionResource {

    private final RegressionService regression;
    private final LimitsConfig limits;
    private final UploadWatchdog watchdog;

    @Inject
    RegressionResource(RegressionService regression, LimitsConfig limits, UploadWatchdog watchdog) {
        this.regression = regression;
        this.limits = limits;
        this.watchdog = watchdog;
    }

    @POST
    @Path("/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Predict with the served linear model",
            description =
                    "Body {\"rows\": [{\"feature\": number, ...}, ...]} (by name) or {\"rows\": [[number, ...], ...]}"
                            + " (in the model's feature order, see GET /v1/regression/model). Returns {\"predictions\": [...]}, one per row.")
    public Map<String, Object> predict(JsonNode body) {
        RegressionService.Served served = regression.current();
        List<String> features = served.model().featureNames();
        DMatrixRMaj rows = rows(body, features);
        var response = new LinkedHashMap<String, Object>();
        double[] predictions = BatchPredictor.predictSerially(served.model(), rows);
        for (int r = 0; r < predictions.length; r++) {
            if (!Double.isFinite(predictions[r])) {
                throw ApiException.badRequest(
                        "the prediction for this row overflows a double: its values are too large"
                                + " for the model's coefficients",
                        "rows[" + r + "]");
            }
        }
        response.put("predictions", predictions);
        response.put("target", served.target());
        response.put("features", features);
        return response;
    }

    @POST
    @Path("/fit")
    @Blocking
    @Consumes("text/csv")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Fit a new linear model on a CSV upload and serve it",
            description =
                    "Body: CSV with a header (Content-Type: text/csv). Every selected cell must be a number. Returns the"
                            + " coefficients, train and test metrics and AIC/BIC; /v1/regression/predict uses the new model from then on.")
    public Map<String, Object> fit(
            InputStream body,
            @RestQuery String target,
            @RestQuery String features,
            @RestQuery String solver,
            @RestQuery String intercept,
            @RestQuery("test_fraction") String testFraction,
            @RestQuery String seed,
            RoutingContext routing) {
        RegressionOptions options = fitOptions(solver, intercept, testFraction, seed);
        List<String> featureList = features == null || features.isBlank()
                ? List.of()
                : Arrays.stream(features.split(",")).map(String::strip).toList();
        long limit = limits.maxFitBytes().asLongValue();
        try (InputStream upload = new UploadLimit(body, limit, "polybridge.limits.max-fit-bytes", watchdog, routing)) {
            Dataset data = DatasetReader.read(upload, UPLOAD_NAME, target, featureList);
            return regression.fit(data, options).summary();
        } catch (InvalidDataException e) {
            throw ApiException.badRequest(e.getMessage(), "body");
        } catch (IOException | UncheckedIOException e) {
            throw UploadLimit.refusal(e, "the upload");
        }
    }

    /** How fit-upload rows are named in messages: the client's file name is not sent. */
    static final String UPLOAD_NAME = "upload.csv";

    private static RegressionOptions fitOptions(String solver, String intercept, String testFraction, String seed) {
        Solver chosen;
        try {
            chosen = Solver.fromCliName(solver == null || solver.isEmpty() ? "qr" : solver);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "solver");
        }
        boolean withIntercept = QueryParams.bool("intercept", intercept, true);
        double fraction = QueryParams.decimal("test_fraction", testFraction, RegressionOptions.DEFAULTS.testFraction());
        long splitSeed = QueryParams.wholeNumber(
                "seed", seed, RegressionOptions.DEFAULTS.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
        try {
            return new RegressionOptions(chosen, withIntercept, fraction, splitSeed);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage().replace("test fraction", "test_fraction"), "test_fraction");
        }
    }

    @GET
    @Path("/model")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The served linear model: features, coefficients, metrics")
    public Map<String, Object> model() {
        return regression.current().summary();
    }

    /** The rows as a matrix in the model's feature order; every problem names its row and feature. */
    private DMatrixRMaj rows(JsonNode body, List<String> features) {
        if (body == null
                || !body.isObject()
                || !body.has("rows")
                || !body.get("rows").isArray()) {
            throw ApiException.badRequest(
                    "the body must be {\"rows\": [...]}: objects by feature name, or arrays in the" + " order "
                            + features,
                    "rows");
        }
        JsonNode rows = body.get("rows");
        if (rows.isEmpty()) throw ApiException.badRequest("\"rows\" is empty: send at least one row", "rows");
        if (rows.size() > regression.maxRows()) {
            throw ApiException.tooLarge(
                    "%d rows in one request; the limit is %d (polybridge.regression.max-rows)"
                            .formatted(rows.size(), regression.maxRows()),
                    "rows");
        }
        DMatrixRMaj matrix = new DMatrixRMaj(rows.size(), features.size());
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = rows.get(r);
            String at = "rows[" + r + "]";
            if (row.isObject()) {
                List<String> unknown = new ArrayList<>();
                for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!features.contains(name)) unknown.add(name);
                }
                if (!unknown.isEmpty()) {
                    throw ApiException.badRequest(
                            "unknown feature(s) " + unknown + "; the model's features are " + features,
                            at + "." + unknown.getFirst());
                }
                for (int j = 0; j < features.size(); j++) {
                    matrix.set(r, j, number(row.get(features.get(j)), at + "." + features.get(j)));
                }
            } else if (row.isArray()) {
                if (row.size() != features.size()) {
                    throw ApiException.badRequest(
                            "a row needs %d values in the order %s, this one has %d"
                                    .formatted(features.size(), features, row.size()),
                            at);
                }
                for (int j = 0; j < features.size(); j++) matrix.set(r, j, number(row.get(j), at + "[" + j + "]"));
            } else {
                throw ApiException.badRequest("a row must be an object by feature name or an array of numbers", at);
            }
        }
        return matrix;
    }

    private static double number(JsonNode value, String field) {
        if (value == null || value.isMissingNode()) throw ApiException.badRequest("missing value", field);
        if (!value.isNumber()) {
            throw ApiException.badRequest(
                    "expected a number, got " + value.getNodeType().name().toLowerCase(), field);
        }
        double x = value.doubleValue();
        if (!Double.isFinite(x)) throw ApiException.badRequest(value.asText() + " is not a finite number", field);
        return x;
    }
}
