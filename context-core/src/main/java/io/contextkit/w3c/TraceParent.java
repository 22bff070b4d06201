package io.contextkit.w3c;

import io.contextkit.w3c.internal.Ascii;
import java.util.Iterator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, valid W3C {@code traceparent}: trace id, parent id and trace flags.
 *
 * <p>Parsing follows Trace Context Level 2 strictly and never throws: anything invalid yields
 * {@code null}, which by the processing model means "restart the trace and drop tracestate" (see
 * {@link TraceState#discardUnlessParentValid}). Rules applied:
 *
 * <ul>
 *   <li>leading and trailing spaces and tabs are ignored;
 *   <li>every field is lowercase hex; trace id and parent id must not be all zeros;
 *   <li>version {@code ff} is invalid; version {@code 00} must be exactly 55 characters;
 *   <li>a higher version is parsed for its first four fields and may carry more data only after a
 *       {@code -} at position 55;
 *   <li>more than one {@code traceparent} header is invalid ({@link #parse(Iterator)}).
 * </ul>
 *
 * <p>Only the flags this specification level defines are kept — {@link #FLAG_SAMPLED} and the Level
 * 2 {@link #FLAG_RANDOM} — because vendors must set the reserved bits to zero when they propagate.
 * {@link #format()} always writes version {@code 00}.
 *
 * <pre>{@code
 * TraceParent inbound = TraceParent.extract(request, getter);
 * TraceParent outbound = inbound == null ? TraceParent.newRoot(false) : inbound.child();
 * outbound.inject(outboundRequest, setter);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TraceParent {

  /** The sampled flag, bit 0. */
  public static final int FLAG_SAMPLED = 0x01;

  /** The Level 2 random-trace-id flag, bit 1: the rightmost 7 bytes of the trace id are random. */
  public static final int FLAG_RANDOM = 0x02;

  /** Length of a version-00 {@code traceparent}. */
  public static final int LENGTH = 55;

  private static final int KNOWN_FLAGS = FLAG_SAMPLED | FLAG_RANDOM;

  private final String traceId;
  private final String parentId;
  private final int flags;

  private TraceParent(String traceId, String parentId, int flags) {
    this.traceId = traceId;
    this.parentId = parentId;
    this.flags = flags;
  }

  /**
   * Parses one {@code traceparent} header value.
   *
   * @param value the raw header value, possibly {@code null}
   * @return the trace parent, or {@code null} when the value is absent or invalid
   */
  public static @Nullable TraceParent parse(@Nullable CharSequence value) {
    if (value == null) {
      return null;
    }
    int start = Ascii.skipOws(value, 0, value.length());
    int end = Ascii.trimOwsEnd(value, start, value.length());
    int length = end - start;
    if (length < LENGTH) {
      return null;
    }
    int v1 = Ascii.lowerHexValue(value.charAt(start));
    int v2 = Ascii.lowerHexValue(value.charAt(start + 1));
    if (v1 < 0 || v2 < 0 || value.charAt(start + 2) != '-') {
      return null;
    }
    int version = (v1 << 4) | v2;
    if (version == 0xff) {
      return null;
    }
    if (version == 0 ? length != LENGTH : length > LENGTH && value.charAt(start + LENGTH) != '-') {
      return null;
    }
    if (value.charAt(start + 35) != '-' || value.charAt(start + 52) != '-') {
      return null;
    }
    if (!Ascii.isNonZeroLowerHex(value, start + 3, start + 35)
        || !Ascii.isNonZeroLowerHex(value, start + 36, start + 52)) {
      return null;
    }
    int f1 = Ascii.lowerHexValue(value.charAt(start + 53));
    int f2 = Ascii.lowerHexValue(value.charAt(start + 54));
    if (f1 < 0 || f2 < 0) {
      return null;
    }
    String s = value.toString();
    return new TraceParent(
        s.substring(start + 3, start + 35),
        s.substring(start + 36, start + 52),
        ((f1 << 4) | f2) & KNOWN_FLAGS);
  }

  /**
   * Parses the values of every {@code traceparent} header received. No header, or more than one,
   * yields {@code null}: duplicates are ambiguous and the specification requires a restart.
   *
   * @param values the raw header values in the order received
   * @return the trace parent, or {@code null}
   */
  public static @Nullable TraceParent parse(Iterator<String> values) {
    if (!values.hasNext()) {
      return null;
    }
    String first = values.next();
    if (values.hasNext()) {
      return null;
    }
    return parse(first);
  }

  /**
   * Reads and parses the {@code traceparent} headers of a carrier (see {@link #parse(Iterator)}).
   *
   * @return the trace parent, or {@code null} when absent, repeated or invalid
   */
  public static <C> @Nullable TraceParent extract(C carrier, HeaderGetter<C> getter) {
    return parse(getter.getAll(carrier, W3CHeaders.TRACEPARENT));
  }

  /**
   * Creates a trace parent from its parts.
   *
   * @param traceId 32 lowercase hex characters, not all zeros
   * @param parentId 16 lowercase hex characters, not all zeros
   * @param flags the trace flags, 0 to 255; reserved bits (other than sampled and random) are
   *     cleared
   * @throws IllegalArgumentException naming the invalid argument
   */
  public static TraceParent create(String traceId, String parentId, int flags) {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(parentId, "parentId");
    if (!Ids.isValidTraceId(traceId)) {
      throw new IllegalArgumentException(
          "traceId must be 32 lowercase hex characters, not all zeros: " + traceId);
    }
    if (!Ids.isValidSpanId(parentId)) {
      throw new IllegalArgumentException(
          "parentId must be 16 lowercase hex characters, not all zeros: " + parentId);
    }
    if (flags < 0 || flags > 0xff) {
      throw new IllegalArgumentException("flags must be between 0 and 255: " + flags);
    }
    return new TraceParent(traceId, parentId, flags & KNOWN_FLAGS);
  }

  /**
   * Starts a new trace: random trace id and parent id, the {@link #FLAG_RANDOM} flag set because
   * {@link Ids#randomTraceId()} is uniformly random, and the sampled flag as given.
   */
  public static TraceParent newRoot(boolean sampled) {
    return new TraceParent(
        Ids.randomTraceId(), Ids.randomSpanId(), FLAG_RANDOM | (sampled ? FLAG_SAMPLED : 0));
  }

  /**
   * Continues this trace with a new parent id, keeping the trace id and all flags (Level 2 requires
   * the random flag to be preserved).
   *
   * @param newParentId 16 lowercase hex characters, not all zeros
   * @throws IllegalArgumentException when {@code newParentId} is invalid
   */
  public TraceParent child(String newParentId) {
    return create(traceId, newParentId, flags);
  }

  /** Continues this trace with a new random parent id, keeping the trace id and flags. */
  public TraceParent child() {
    return new TraceParent(traceId, Ids.randomSpanId(), flags);
  }

  /**
   * Continues this trace with a new parent id and a new sampling decision; the specification allows
   * the sampled flag to change only together with the parent id.
   *
   * @throws IllegalArgumentException when {@code newParentId} is invalid
   */
  public TraceParent child(String newParentId, boolean sampled) {
    return create(traceId, newParentId, sampled ? flags | FLAG_SAMPLED : flags & ~FLAG_SAMPLED);
  }

  /** The trace id: 32 lowercase hex characters. */
  public String traceId() {
    return traceId;
  }

  /** The parent id (the caller's span id): 16 lowercase hex characters. */
  public String parentId() {
    return parentId;
  }

  /** The trace flags as an int from 0 to 255 (only bits 0 and 1 can be set). */
  public int flags() {
    return flags;
  }

  /** The trace flags as a byte. */
  public byte flagsByte() {
    return (byte) flags;
  }

  /** Whether the caller may have recorded trace data (flag 0x01). */
  public boolean sampled() {
    return (flags & FLAG_SAMPLED) != 0;
  }

  /** Whether the trace id is marked as random (Level 2 flag 0x02). */
  public boolean randomTraceId() {
    return (flags & FLAG_RANDOM) != 0;
  }

  /** Returns the version-00 header value, e.g. {@code 00-<trace-id>-<parent-id>-01}. */
  public String format() {
    StringBuilder out = new StringBuilder(LENGTH);
    out.append("00-").append(traceId).append('-').append(parentId).append('-');
    Ids.appendHexByte(out, flags);
    return out.toString();
  }

  /** Writes {@link #format()} as the {@code traceparent} header of {@code carrier}. */
  public <C> void inject(C carrier, HeaderSetter<C> setter) {
    setter.set(carrier, W3CHeaders.TRACEPARENT, format());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TraceParent other
        && flags == other.flags
        && traceId.equals(other.traceId)
        && parentId.equals(other.parentId);
  }

  @Override
  public int hashCode() {
    return (traceId.hashCode() * 31 + parentId.hashCode()) * 31 + flags;
  }

  /** Returns {@link #format()}. */
  @Override
  public String toString() {
    return format();
  }
}
