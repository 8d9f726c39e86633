package dev.polybridge.classify;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into physical lines at {@code \n}, keeping each line's terminator and byte
 * offsets. Lines are split on bytes, before decoding, so a line whose bytes are not UTF-8 is
 * reported on its own and never shifts the lines after it. A UTF-8 byte-order mark opening the
 * stream is dropped. A line longer than {@code maxLineBytes} is cut there and flagged.
 */
final class PhysicalLineReader implements Closeable {

    /** One physical line; {@code encodingError} is null when its bytes were valid UTF-8. */
    record Line(long number, String text, long startByte, long endByte, String encodingError, boolean overLong) {
        boolean terminated() {
            return text.endsWith("\n");
        }
    }

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[8192];
    private long lineNumber;
    private long position;

    PhysicalLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        long start = position;
        int length = 0;
        boolean overLong = false;
        boolean ended = false;
        while (!ended) {
            if (chunkPos == chunkEnd && !fill()) break;
            int from = chunkPos;
            int newline = indexOfNewline(from);
            int to = newline >= 0 ? newline + 1 : chunkEnd;
            ended = newline >= 0;
            int keep = Math.min(to - from, maxLineBytes - length);
            if (keep < to - from) overLong = true;
            if (keep > 0) {
                ensureCapacity(length + keep);
                System.arraycopy(chunk, from, line, length, keep);
                length += keep;
            }
            position += to - from;
            chunkPos = to;
        }
        if (position == start) return null;
        lineNumber++;
        if (overLong && ended) {
            // Keep the terminator so the cut line still ends where the file's line ends.
            line[length - 1] = '\n';
        }
        int offset = lineNumber == 1 && startsWithBom(length) ? 3 : 0;
        return decode(offset, length, start, overLong);
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, CHUNK);
        if (n <= 0) return false;
        chunkPos = 0;
        chunkEnd = n;
        return true;
    }

    private int indexOfNewline(int from) {
        for (int i = from; i < chunkEnd; i++) {
            if (chunk[i] == '\n') return i;
        }
        return -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
    }

    private boolean startsWithBom(int length) {
        return length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
    }

    private Line decode(int offset, int length, long start, boolean overLong) {
        ByteBuffer bytes = ByteBuffer.wrap(line, offset, length - offset);
        CharBuffer chars = CharBuffer.allocate(length - offset);
        CoderResult result = decoder.reset().decode(bytes, chars, true);
        if (!result.isError()) {
            decoder.flush(chars);
            return new Line(lineNumber, chars.flip().toString(), start, position, null, overLong);
        }
        int bad = bytes.position();
        String error = "not valid UTF-8 (byte 0x%02X at byte %d of line %d); save the file as UTF-8"
                .formatted(line[bad] & 0xFF, bad - offset + 1, lineNumber);
        String replaced = new String(line, offset, length - offset, StandardCharsets.UTF_8);
        return new Line(lineNumber, replaced, start, position, error, overLong);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
