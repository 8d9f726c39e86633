package dev.polybridge.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes the executor's polybridge when the executor shuts down, before the JVM exits (in local mode the driver JVM
 * is the executor and lives on). {@link SparkClassify} adds it to {@code spark.plugins}.
 */
public final class PolybridgePlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                ExecutorPolybridge.executorStarted();
            }

            @Override
            public void shutdown() {
                ExecutorPolybridge.close();
            }
        };
    }
}
