package dev.polybridge.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON for {@link MemoryReport} and {@link MeasureResult}: records as objects, in component order. */
public final class MemoryJson {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private MemoryJson() {}

    public static String write(Object reportOrResult) {
        try {
            return MAPPER.writeValueAsString(reportOrResult);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write " + reportOrResult.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
