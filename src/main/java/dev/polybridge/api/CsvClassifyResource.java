package dev.polybridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.CsvRowReader;
import dev.polybridge.classify.InputException;
import dev.polybridge.classify.InputRow;
import dev.polybridge.classify.OutputFormat;
import dev.polybridge.classify.OutputRecord;
import dev.polybridge.classify.RowSource;
import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code POST /v1/classify/csv}: a CSV upload in, one JSONL record per data row out, streamed in input order as
 * batches come back. The upload is read as it arrives, a window of rows at a time (the classify command's
 * {@link ClassifyJob}), so neither the upload nor the output is ever held whole. A malformed row gets an error record
 * naming its line; reading goes on with the next row.
 */
@Path("/v1/classify/csv")
public class CsvClassifyResource {
    private static final Logger LOG = Logger.getLogger(CsvClassifyResource.class);
    static final String NDJSON = "application/x-ndjson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClassificationService service;
    private final LimitsConfig limits;
    private final BatchConfig batch;
    private final Semaphore uploads;
    private final UploadWatchdog watchdog;

    @Inject
    CsvClassifyResource(
            ClassificationService service, LimitsConfig limits, BatchConfig batch, UploadWatchdog watchdog) {
        this.service = service;
        this.limits = limits;
        this.batch = batch;
        this.watchdog = watchdog;
        this.uploads = new Semaphore(limits.maxConcurrentUploads());
    }

    @POST
    @Blocking
    @Consumes("text/csv")
    @Produces(NDJSON)
    @Operation(
            summary = "Classify a CSV upload, streaming one JSONL record per row",
            description =
                    "Body: UTF-8 CSV with a header line (Content-Type: text/csv). Each output line is {\"id\", \"line\","
                            + " \"label\", \"score\", \"truncated\", \"error\"} (the classify command's JSONL). If the run stops early, the"
                            + " last line is {\"aborted\": true, \"error\", \"records_written\", \"resume_offset\", \"resume\"}:"
                            + " POST the same upload again with offset=resume_offset to classify the rest.")
    public Response classifyCsv(
            InputStream body,
            @RestQuery String column,
            @RestQuery("include_text") String includeText,
            @RestQuery String offset,
            RoutingContext routing) {
        boolean withText = QueryParams.bool("include_text", includeText, false);
        long skip = QueryParams.wholeNumber("offset", offset, 0, 0, Long.MAX_VALUE);
        String textColumn = column == null || column.isEmpty() ? "description" : column;
        DynamicBatcher batcher = service.readyBatcher();
        if (!uploads.tryAcquire()) {
            throw ApiException.unavailable(
                    "%d CSV uploads are being classified, the limit (polybridge.limits.max-concurrent-uploads); retry later"
                            .formatted(limits.maxConcurrentUploads()),
                    batch.retryAfter());
        }
        AtomicBoolean finished = new AtomicBoolean();
        Runnable release = () -> {
            if (finished.compareAndSet(false, true)) uploads.release();
        };
        routing.addEndHandler(ended -> release.run());
        UploadLimit upload = new UploadLimit(
                body, limits.maxUploadBytes().asLongValue(), "polybridge.limits.max-upload-bytes", watchdog, routing);
        CsvRowReader reader;
        try {
            reader = CsvRowReader.open(upload, "upload", textColumn);
        } catch (CsvRowReader.ColumnException e) {
            release.run();
            closeUnread(upload);
            throw ApiException.badRequest(
                    e.getMessage()
                            .replace("(choose one with --column)", "(choose one with the column query parameter)"),
                    "column");
        } catch (InputException e) {
            release.run();
            closeUnread(upload);
            throw UploadLimit.whyStopped(e) != null
                    ? UploadLimit.refusal(e, "the upload")
                    : ApiException.badRequest(e.getMessage(), "body");
        } catch (RuntimeException e) {
            release.run();
            closeUnread(upload);
            throw e;
        }
        StreamingOutput stream = output -> {
            try {
                new Run(batcher, reader, output, withText, skip).execute();
            } finally {
                closeUnread(upload);
                release.run();
            }
        };
        return Response.ok(stream, NDJSON).build();
    }

    /**
     * Closes the upload: read to its end, it is closed; stopped early (a limit, a stall, a disconnect, shutdown), the
     * rest is left unread and the connection closes after the answer ({@link UploadLimit#close}). Failing, harmlessly.
     */
    private static void closeUnread(UploadLimit upload) {
        try {
            upload.close();
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("closing an upload left unread: %s", e.getMessage());
        }
    }

    /** One upload's classification, writing records as each window of rows completes. */
    private final class Run {
        private final DynamicBatcher batcher;
        private final CsvRowReader reader;
        private final OutputStream output;
        private final boolean includeText;
        private final long offset;
        private final AtomicLong written = new AtomicLong();

        Run(DynamicBatcher batcher, CsvRowReader reader, OutputStream output, boolean includeText, long offset) {
            this.batcher = batcher;
            this.reader = reader;
            this.output = output;
            this.includeText = includeText;
            this.offset = offset;
        }

        void execute() throws IOException {
            DynamicBatcher.Settings batching = batcher.settings();
            int batchSize = Math.min(batching.maxBatchSize(), batching.queueCapacity());
            var settings = new ClassifyJob.Settings(
                    batching.maxInFlight(), batchSize, true, false, ClassifyJob.STREAM_WINDOW_ROWS);
            ClassifyJob job = new ClassifyJob(bulkClassifier(), settings, includeText, this::write, done -> {});
            ClassifyJob.Result result;
            service.streamStarted(job);
            try {
                result = job.run(withTextLimit(skipped(reader)));
            } catch (UncheckedIOException | IllegalStateException e) {
                IOException stopped = UploadLimit.whyStopped(e);
                trailer(stopped != null ? stopped.getMessage() : "reading the upload failed: " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                trailer("the server stopped this upload");
                return;
            } finally {
                service.streamEnded(job);
            }
            switch (result.outcome()) {
                case ABORTED -> {
                    Throwable cause = result.abortCause();
                    trailer("classification stopped: "
                            + (cause instanceof BatchFailedException
                                    ? cause.getMessage()
                                    : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                }
                case STOPPED -> trailer(result.stopReason());
                case WRITE_FAILED -> LOG.debugf("CSV client went away after %d records", written.get());
                default -> {}
            }
        }

        /** The rows after the first {@code offset}: how a stopped stream is resumed. */
        private RowSource skipped(RowSource rows) {
            for (long i = 0; i < offset; i++) {
                if (rows.next() == null) break;
            }
            return rows;
        }

        private TextClassifier bulkClassifier() {
            return new TextClassifier() {
                @Override
                public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
                    try {
                        return batcher.submitWhenRoom(texts, batch.timeout());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return CompletableFuture.failedFuture(e);
                    }
                }

                /** Token counts from the served model, so a window's batches group texts as the batcher will. */
                @Override
                public int[] lengths(List<String> texts) {
                    return service.classifier().lengths(texts);
                }

                @Override
                public String describe() {
                    return "the service's batcher";
                }

                @Override
                public void close() {}
            };
        }

        private RowSource withTextLimit(RowSource rows) {
            int max = limits.maxTextChars();
            return () -> {
                InputRow row = rows.next();
                if (row == null || row.isError()) return row;
                int characters = row.text().codePointCount(0, row.text().length());
                if (characters <= max) return row;
                return new InputRow(
                        row.record(),
                        row.line(),
                        row.id(),
                        null,
                        "line %d: text has %d characters; the limit is %d (polybridge.limits.max-text-chars)"
                                .formatted(row.line(), characters, max));
            };
        }

        private void write(List<OutputRecord> records) {
            try {
                StringBuilder lines = new StringBuilder();
                for (OutputRecord record : records) lines.append(OutputFormat.JSONL.encode(record, includeText));
                output.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                output.flush();
                written.addAndGet(records.size());
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        /** The stream's last line: why it stopped, the records written, and how to classify the rest. */
        private void trailer(String error) throws IOException {
            long resumeAt = offset + written.get();
            ObjectNode node = JSON.createObjectNode();
            node.put("aborted", true);
            node.put("error", ClientText.withoutPaths(error));
            node.put("records_written", written.get());
            node.put("resume_offset", resumeAt);
            node.put(
                    "resume",
                    "the records above are complete; POST the same upload again with offset=%d to classify the rest"
                            .formatted(resumeAt));
            output.write((JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
            output.flush();
        }
    }

    /** Writing to the client failed: it disconnected. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }
}
