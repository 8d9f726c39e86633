package dev.polybridge.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the service tests: waiting for a state, and raw HTTP where RestAssured hides what matters. */
final class ServiceTestSupport {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ServiceTestSupport() {}

    /** Waits for a condition the test causes; a hang guard, not a timing assertion. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within 60 s: " + what);
            Thread.sleep(2);
        }
    }

    static String textsJson(List<String> texts) {
        StringBuilder json = new StringBuilder("{\"texts\":[");
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) json.append(',');
            json.append('"')
                    .append(texts.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return json.append("]}").toString();
    }

    static CompletableFuture<HttpResponse<String>> postAsync(URI base, String path, String json) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request head (and an optional body) over a plain socket and returns the response head and body,
     * read by its Content-Length: the server may keep the connection open while the unsent body is pending.
     */
    static String rawExchange(URI base, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder response = new StringBuilder();
            int length = 0;
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                response.append(line).append("\r\n");
                if (line.toLowerCase().startsWith("content-length:"))
                    length = Integer.parseInt(line.substring(15).strip());
            }
            response.append("\r\n").append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            return response.toString();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
