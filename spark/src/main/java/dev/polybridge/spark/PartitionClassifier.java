package dev.polybridge.spark;

import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.InputRow;
import dev.polybridge.classify.OutputRecord;
import dev.polybridge.classify.TextCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * Classifies one partition on the executor's polybridge: input rows ({@link InputTable#ID}, {@link InputTable#TEXT},
 * {@link InputTable#MALFORMED}) keyed by their 0-based position in the input, in order; one output row per input
 * row ({@link SparkClassifyJob#RECORDS}), in the same order. Rows that cannot be classified, and texts the model
 * fails on, become error records naming the row.
 */
final class PartitionClassifier implements FlatMapFunction<Iterator<Tuple2<Long, Row>>, Row> {

    private static final int MALFORMED_SHOWN = 80;

    private final ExecutorSettings settings;
    private final String column;
    private final boolean inputHasIds;
    private final CollectionAccumulator<ExecutorReport> reports;

    PartitionClassifier(
            ExecutorSettings settings,
            String column,
            boolean inputHasIds,
            CollectionAccumulator<ExecutorReport> reports) {
        this.settings = settings;
        this.column = column;
        this.inputHasIds = inputHasIds;
        this.reports = reports;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Long, Row>> rows) throws InterruptedException {
        if (!rows.hasNext()) return Collections.emptyIterator();
        List<Row> out = new ArrayList<>();
        ClassifyJob.Result result = ExecutorPolybridge.classify(
                settings,
                () -> rows.hasNext() ? toInputRow(rows.next()) : null,
                records -> records.forEach(record -> out.add(toRow(record))));
        if (result.outcome() != ClassifyJob.Outcome.COMPLETED) {
            throw new IllegalStateException(
                    "classifying the partition stopped after %d rows: %s".formatted(result.rows(), result.abortCause()),
                    result.abortCause());
        }
        reports.add(ExecutorPolybridge.report());
        return out.iterator();
    }

    InputRow toInputRow(Tuple2<Long, Row> keyed) {
        long record = keyed._1() + 1;
        Row row = keyed._2();
        String id = !inputHasIds ? Long.toString(record) : row.isNullAt(0) ? "" : row.getString(0);
        String where = "record " + record;
        if (!row.isNullAt(2)) {
            String raw = row.getString(2).strip();
            String shown = raw.length() > MALFORMED_SHOWN ? raw.substring(0, MALFORMED_SHOWN) + "…" : raw;
            return new InputRow(
                    record,
                    0,
                    id,
                    null,
                    "%s: malformed CSV: its fields do not match the header: %s".formatted(where, shown));
        }
        String text = row.isNullAt(1) ? "" : row.getString(1);
        String problem = TextCheck.problem(text, column);
        if (problem != null) return new InputRow(record, 0, id, null, where + ": " + problem);
        return new InputRow(record, 0, id, text, null);
    }

    private static Row toRow(OutputRecord record) {
        return RowFactory.create(record.id(), record.label(), record.score(), record.truncated(), record.error());
    }
}
