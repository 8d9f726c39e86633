package dev.polybridge.classify;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Cuts physical lines into CSV records (RFC 4180: a quote opens a field only at its start, {@code ""}
 * inside quotes is a quote, newlines inside quotes belong to the field) without parsing fields.
 *
 * <p>Its job is recovery. A record that can never be valid — a character after a closing quote, a
 * quote still open at the end of the file or after {@code maxRecordLength} — becomes an error record
 * for its first line only, and scanning starts again at the next physical line. One broken line
 * therefore costs one row, never the rest of the file.
 */
final class CsvRecordScanner implements Closeable {

    /**
     * A record's text with its terminator, or why it is malformed (then {@code text} is null).
     * Lines are 1-based physical line numbers; {@code endByte} is the offset just after the record.
     */
    record RawRecord(
            long firstLine,
            long lastLine,
            String text,
            long endByte,
            boolean terminated,
            String malformed,
            String encodingError) {
        /** An empty line: nothing but its terminator. A line of spaces is a record (empty text, or the wrong field count). */
        boolean blank() {
            return text != null && encodingError == null && text.chars().allMatch(c -> c == '\r' || c == '\n');
        }
    }

    private enum State {
        FIELD_START,
        UNQUOTED,
        QUOTED,
        QUOTE_SEEN,
        AFTER_CLOSE
    }

    private final PhysicalLineReader lines;
    private final int maxRecordLength;
    private final Deque<PhysicalLineReader.Line> pushedBack = new ArrayDeque<>();

    CsvRecordScanner(PhysicalLineReader lines, int maxRecordLength) {
        this.lines = lines;
        this.maxRecordLength = maxRecordLength;
    }

    /** The next record, or null at the end of the input. */
    RawRecord next() throws IOException {
        PhysicalLineReader.Line first = nextLine();
        if (first == null) return null;
        if (first.overLong()) {
            return failed(
                    first,
                    "the line is longer than %d bytes, the most the reader takes in one line"
                            .formatted(maxRecordLength));
        }
        List<PhysicalLineReader.Line> taken = new ArrayList<>();
        StringBuilder text = new StringBuilder(first.text().length());
        String encodingError = null;
        State state = State.FIELD_START;
        long quoteLine = 0;
        int quoteColumn = 0;
        PhysicalLineReader.Line current = first;
        while (true) {
            taken.add(current);
            text.append(current.text());
            if (encodingError == null) encodingError = current.encodingError();
            String line = current.text();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                switch (state) {
                    case FIELD_START -> {
                        if (c == '"') {
                            state = State.QUOTED;
                            quoteLine = current.number();
                            quoteColumn = i + 1;
                        } else if (c != ',' && c != '\n') {
                            state = State.UNQUOTED;
                        }
                    }
                    case UNQUOTED -> {
                        if (c == ',' || c == '\n') state = State.FIELD_START;
                    }
                    case QUOTED -> {
                        if (c == '"') state = State.QUOTE_SEEN;
                    }
                    case QUOTE_SEEN, AFTER_CLOSE -> {
                        if (c == '"' && state == State.QUOTE_SEEN) {
                            state = State.QUOTED;
                        } else if (c == ',' || c == '\n' || c == '\r') {
                            state = State.FIELD_START;
                        } else if (Character.isWhitespace(c)) {
                            state = State.AFTER_CLOSE;
                        } else {
                            pushBackAllButFirst(taken);
                            return failed(
                                    first,
                                    ("malformed CSV: unexpected %s after the closing quote of the"
                                                    + " field opened at line %d column %d (found at line %d column %d); quotes inside"
                                                    + " a quoted field must be doubled")
                                            .formatted(describe(c), quoteLine, quoteColumn, current.number(), i + 1));
                        }
                    }
                }
            }
            if (state != State.QUOTED) {
                return new RawRecord(
                        first.number(),
                        current.number(),
                        text.toString(),
                        current.endByte(),
                        current.terminated(),
                        null,
                        encodingError);
            }
            String unclosed = "malformed CSV: the quoted field opened at line %d column %d is never closed"
                    .formatted(quoteLine, quoteColumn);
            if (text.length() > maxRecordLength) {
                pushBackAllButFirst(taken);
                return failed(first, unclosed + " within %d characters".formatted(maxRecordLength));
            }
            PhysicalLineReader.Line following = current.terminated() ? nextLine() : null;
            if (following == null || following.overLong()) {
                if (following != null) taken.add(following);
                pushBackAllButFirst(taken);
                return failed(first, unclosed + (following == null ? " before the end of the file" : ""));
            }
            current = following;
        }
    }

    private static String describe(char c) {
        return Character.isISOControl(c) ? "character U+%04X".formatted((int) c) : "'" + c + "'";
    }

    private PhysicalLineReader.Line nextLine() throws IOException {
        return pushedBack.isEmpty() ? lines.next() : pushedBack.pop();
    }

    private void pushBackAllButFirst(List<PhysicalLineReader.Line> taken) {
        for (int i = taken.size() - 1; i >= 1; i--) pushedBack.push(taken.get(i));
    }

    private static RawRecord failed(PhysicalLineReader.Line first, String error) {
        return new RawRecord(first.number(), first.number(), null, first.endByte(), first.terminated(), error, null);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
