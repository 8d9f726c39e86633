package dev.polybridge.api;

import dev.polybridge.regression.Dataset;
import dev.polybridge.regression.DatasetReader;
import dev.polybridge.regression.FitMetrics;
import dev.polybridge.regression.LinearModel;
import dev.polybridge.regression.Regression;
import dev.polybridge.regression.RegressionOptions;
import dev.polybridge.regression.RegressionResult;
import dev.polybridge.regression.Solver;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The served linear regression (dev.polybridge.regression, fitted natively in Java): fitted at start-up from
 * {@code polybridge.regression.data} when that file exists, replaced atomically by {@code POST /v1/regression/fit}.
 */
@ApplicationScoped
public class RegressionService {
    private static final Logger LOG = Logger.getLogger(RegressionService.class);

    /** A fitted model and what to tell clients about it. */
    public record Served(LinearModel model, String target, Map<String, Object> summary) {}

    private final RegressionConfig config;
    private final boolean serve;
    private final AtomicReference<Served> served = new AtomicReference<>();

    @Inject
    RegressionService(
            RegressionConfig config, @ConfigProperty(name = "polybridge.serve", defaultValue = "false") boolean serve) {
        this.config = config;
        this.serve = serve;
    }

    void onStart(@Observes StartupEvent event) {
        if (!serve) return;
        Path data = config.resolvedData();
        if (!Files.isRegularFile(data)) {
            LOG.warnf(
                    "no regression model at start-up: %s does not exist (set polybridge.regression.data, or POST a CSV to /v1/regression/fit)",
                    data);
            return;
        }
        try {
            Served fitted = fit(
                    DatasetReader.read(
                            data,
                            config.target().orElse(null),
                            config.features().orElse(List.of())),
                    new RegressionOptions(
                            Solver.fromCliName(config.solver()),
                            config.intercept(),
                            RegressionOptions.DEFAULTS.testFraction(),
                            RegressionOptions.DEFAULTS.seed()));
            LOG.infof(
                    "regression model fitted at start-up on %s: %d features, test R² %.4f",
                    data,
                    fitted.model().featureNames().size(),
                    ((FitMetrics) fitted.summary().get("test")).r2());
        } catch (RuntimeException e) {
            LOG.warnf("no regression model at start-up: %s", e.getMessage());
        }
    }

    /** Fits on {@code data} and serves the result from now on. */
    public Served fit(Dataset data, RegressionOptions options) {
        RegressionResult result = Regression.fitAndEvaluate(data, options);
        LinearModel model = result.model();
        var coefficients = new LinkedHashMap<String, Double>();
        if (model.hasIntercept()) coefficients.put(LinearModel.INTERCEPT_NAME, model.intercept());
        double[] values = model.coefficients();
        for (int j = 0; j < values.length; j++)
            coefficients.put(model.featureNames().get(j), values[j]);
        var summary = new LinkedHashMap<String, Object>();
        summary.put("source", data.source());
        summary.put("target", result.train().targetName());
        summary.put("features", model.featureNames());
        summary.put("skipped_columns", result.train().skippedColumns());
        summary.put("solver", options.solver().cliName());
        summary.put("coefficients", coefficients);
        summary.put("train", result.trainMetrics());
        summary.put("test", result.testMetrics());
        summary.put("aic", result.criteria().aic());
        summary.put("bic", result.criteria().bic());
        summary.put(
                "split",
                Map.of(
                        "test_fraction",
                        options.testFraction(),
                        "seed",
                        options.seed(),
                        "train_rows",
                        result.train().rows(),
                        "test_rows",
                        result.test().rows()));
        summary.put("fitted_at", Instant.now().toString());
        Served fitted = new Served(model, result.train().targetName(), summary);
        served.set(fitted);
        return fitted;
    }

    /** The served model, or a 503 that says how to get one. */
    public Served current() {
        Served current = served.get();
        if (current == null) {
            throw ApiException.unavailable(
                    "no regression model is fitted: POST a CSV to /v1/regression/fit"
                            + " (or start with polybridge.regression.data pointing at one)",
                    null);
        }
        return current;
    }

    public int maxRows() {
        return config.maxRows();
    }
}
