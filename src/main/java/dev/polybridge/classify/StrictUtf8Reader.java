package dev.polybridge.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Decodes a UTF-8 byte stream for a parser that wants a {@link Reader}, failing at the first line that is not UTF-8
 * or is longer than {@code maxLineBytes} with a {@link BadLineException} that names the line and the byte
 * ({@code not valid UTF-8 (byte 0xE9 at byte 5 of line 3)}), where a plain decoder says only "Input length = 1".
 * A byte-order mark opening the stream is dropped.
 */
public final class StrictUtf8Reader extends Reader {

    /** A line of the input that cannot be decoded; the message names the line and the byte. */
    public static final class BadLineException extends IOException {
        BadLineException(String message) {
            super(message);
        }
    }

    private final PhysicalLineReader lines;
    private final int maxLineBytes;
    private String line = "";
    private int position;

    public StrictUtf8Reader(InputStream in, int maxLineBytes) {
        this.lines = new PhysicalLineReader(in, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) return 0;
        while (position == line.length()) {
            PhysicalLineReader.Line next = lines.next();
            if (next == null) return -1;
            if (next.encodingError() != null) throw new BadLineException(next.encodingError());
            if (next.overLong()) {
                throw new BadLineException("line %d is longer than %d bytes".formatted(next.number(), maxLineBytes));
            }
            line = next.text();
            position = 0;
        }
        int n = Math.min(length, line.length() - position);
        line.getChars(position, position + n, buffer, offset);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
