package dev.polybridge.spark;

import dev.polybridge.classify.InputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input read through Spark's own CSV or Parquet reader, narrowed to the three columns the classifier needs:
 * {@link #ID}, {@link #TEXT} and {@link #MALFORMED} (the raw record of a CSV row whose fields do not match the
 * header; null otherwise). The row ids come from a column named {@code id} in any case, else from the row's
 * position, as in {@code classify}.
 */
record InputTable(Dataset<Row> rows, boolean hasIds, String idColumn) {

    static final String ID = "id";
    static final String TEXT = "text";
    static final String MALFORMED = "malformed";
    private static final String CORRUPT_RECORD = "_polybridge_malformed";

    enum Format {
        CSV,
        PARQUET;

        /** From the input's name: {@code .csv}, or {@code .parquet}; null for any other. */
        static Format fromName(String input) {
            String name = input.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
            if (name.endsWith(".csv")) return CSV;
            if (name.endsWith(".parquet")) return PARQUET;
            return null;
        }
    }

    /**
     * @throws InputException when the input is missing, unreadable, empty, or has no string column {@code column}
     */
    static InputTable read(SparkSession spark, String input, Format format, String column) {
        Dataset<Row> table;
        try {
            table = switch (format) {
                case CSV -> readCsv(spark, input);
                case PARQUET -> spark.read().parquet(input);
            };
        } catch (Exception e) {
            // Scala hides that the readers throw the checked AnalysisException (a missing path, say).
            if (!(e instanceof AnalysisException)) throw e;
            throw new InputException("cannot read the input %s: %s".formatted(input, e.getMessage()), e);
        }
        StructType schema = table.schema();
        List<String> columns = Arrays.stream(schema.fields())
                .map(StructField::name)
                .filter(n -> !n.equals(CORRUPT_RECORD))
                .toList();
        if (columns.isEmpty()) {
            throw new InputException("input %s is empty: expected a header line".formatted(input));
        }
        if (!columns.contains(column)) {
            throw new InputException("input %s has no column '%s'; its columns are %s (choose one with --column)"
                    .formatted(
                            input,
                            column,
                            columns.stream().map(c -> "'" + c + "'").toList()));
        }
        StructField text = schema.apply(column);
        if (!text.dataType().equals(DataTypes.StringType)) {
            throw new InputException("column '%s' of %s holds %s, not text"
                    .formatted(column, input, text.dataType().simpleString()));
        }
        String idColumn = columns.stream()
                .filter(c -> c.strip().equalsIgnoreCase("id"))
                .findFirst()
                .orElse(null);
        Column id = idColumn == null
                ? functions.lit(null).cast(DataTypes.StringType)
                : functions.col(quote(idColumn)).cast(DataTypes.StringType);
        Column malformed = schema.getFieldIndex(CORRUPT_RECORD).isDefined()
                ? functions.col(CORRUPT_RECORD)
                : functions.lit(null).cast(DataTypes.StringType);
        Dataset<Row> rows = table.select(id.as(ID), functions.col(quote(column)).as(TEXT), malformed.as(MALFORMED));
        return new InputTable(rows, idColumn != null, idColumn);
    }

    /**
     * RFC 4180 as {@code classify} reads it: a header line, fields quoted with '"' and quotes doubled inside, line
     * breaks inside quoted fields. Every column is read as text, and a record whose field count differs from the
     * header's is kept whole in {@link #CORRUPT_RECORD}.
     */
    private static Dataset<Row> readCsv(SparkSession spark, String input) {
        StructType header = csvReader(spark).csv(input).schema();
        if (header.fields().length == 0) return spark.emptyDataFrame();
        StructType schema = new StructType();
        for (StructField field : header.fields()) schema = schema.add(field.name(), DataTypes.StringType);
        schema = schema.add(CORRUPT_RECORD, DataTypes.StringType);
        return csvReader(spark)
                .schema(schema)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
                .csv(input);
    }

    private static DataFrameReader csvReader(SparkSession spark) {
        return spark.read()
                .option("header", "true")
                .option("multiLine", "true")
                .option("quote", "\"")
                .option("escape", "\"")
                .option("encoding", "UTF-8")
                .option("inferSchema", "false");
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
