package io.contextkit.cli.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on LF (a CR before it is dropped), decoding each as UTF-8 with
 * malformed bytes replaced, so that a line can be read as soon as its LF arrives (what {@code
 * --follow} needs) and no line is held in memory beyond {@link #maxLineBytes}: a longer line is
 * reported as too long, never buffered whole. Not thread-safe: one per input.
 */
final class LineSplitter {

  /** Receives the lines of an input. */
  interface Sink {
    /** One complete line, without its line ending. */
    void line(String line);

    /** A line longer than the limit was skipped. */
    void tooLong();
  }

  private final int maxLineBytes;
  private byte[] pending = new byte[1024];
  private int length;
  private boolean overlong;

  LineSplitter(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds {@code count} bytes of {@code bytes}; complete lines go to {@code sink}. */
  void feed(byte[] bytes, int count, Sink sink) {
    int start = 0;
    for (int i = 0; i < count; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i - start);
        emit(sink);
        start = i + 1;
      }
    }
    append(bytes, start, count - start);
  }

  /** Ends the input: a last line without a line ending goes to {@code sink} too. */
  void finish(Sink sink) {
    if (length > 0 || overlong) {
      emit(sink);
    }
  }

  /** Drops a partial line (the file was truncated under it). */
  void reset() {
    length = 0;
    overlong = false;
  }

  private void append(byte[] bytes, int from, int count) {
    if (overlong || count == 0) {
      return;
    }
    if (length + count > maxLineBytes) {
      overlong = true;
      length = 0;
      return;
    }
    if (length + count > pending.length) {
      pending =
          Arrays.copyOf(
              pending, Math.min(maxLineBytes, Math.max(length + count, pending.length * 2)));
    }
    System.arraycopy(bytes, from, pending, length, count);
    length += count;
  }

  private void emit(Sink sink) {
    if (overlong) {
      sink.tooLong();
    } else {
      int end = length > 0 && pending[length - 1] == '\r' ? length - 1 : length;
      sink.line(new String(pending, 0, end, StandardCharsets.UTF_8));
    }
    reset();
  }
}
