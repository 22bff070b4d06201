package io.contextkit.internal;

import io.contextkit.ContextField;
import io.contextkit.RequestContext;
import io.contextkit.spi.ContextProjection;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Projects the context onto the SLF4J MDC under the snake_case field names plus {@code
 * feature_flags}, so that {@code MDC.get("user_id")} works in application code and every log line
 * carries the context.
 *
 * <p>Only keys whose value differs between the previous and the next context are written, which
 * keeps a scope change cheap. That is only sound when the MDC holds exactly {@code previous}: the
 * projection remembers, per thread, the context it last wrote and rewrites every key unless {@code
 * previous} is that very instance and the MDC still carries its request id and trace id (nobody
 * cleared or overwrote it). Comparing the request id alone is not enough: two contexts of one
 * request can differ in their trace ids (the server span's versus ContextKit's own), and a diff
 * against the wrong one would leave a stale trace id in the log lines.
 */
public final class MdcProjection implements ContextProjection {

  /** The MDC key of the flags in effect. */
  public static final String FLAGS_KEY = "feature_flags";

  private static final ContextField[] FIELDS = ContextField.values();
  private static final String SENTINEL_KEY = ContextField.REQUEST_ID.key();
  private static final String TRACE_ID_KEY = ContextField.TRACE_ID.key();
  private static final String PARENT_ID_KEY = ContextField.PARENT_ID.key();
  private static final String USER_ID_KEY = ContextField.USER_ID.key();
  private static final String ACCOUNT_ID_KEY = ContextField.ACCOUNT_ID.key();
  private static final String REQUEST_TYPE_KEY = ContextField.REQUEST_TYPE.key();
  private static final String TESTER_KEY = ContextField.TESTER.key();
  private static final String LICENSE_KEY = ContextField.LICENSE.key();
  private static final String TRUE = "true";

  /**
   * The context this thread's MDC was last projected from. A mutable holder so that a projection
   * only writes a field instead of calling {@link ThreadLocal#set}; static because all instances
   * write the same per-thread MDC.
   */
  private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

  @Override
  public void project(RequestContext next, RequestContext previous) {
    // Unrolled over the fields and compared by identity first: contexts derived from one another
    // share their strings, and this runs on every scope change and every task hop.
    Last last = LAST.get();
    boolean inSync =
        last.context == previous
            && Objects.equals(MDC.get(SENTINEL_KEY), previous.requestId())
            && Objects.equals(MDC.get(TRACE_ID_KEY), previous.traceId());
    last.context = next;
    write(TRACE_ID_KEY, next.traceId(), previous.traceId(), inSync);
    write(PARENT_ID_KEY, next.parentId(), previous.parentId(), inSync);
    write(SENTINEL_KEY, next.requestId(), previous.requestId(), inSync);
    write(USER_ID_KEY, next.userId(), previous.userId(), inSync);
    write(ACCOUNT_ID_KEY, next.accountId(), previous.accountId(), inSync);
    write(REQUEST_TYPE_KEY, requestType(next), requestType(previous), inSync);
    write(TESTER_KEY, next.tester() ? TRUE : null, previous.tester() ? TRUE : null, inSync);
    write(LICENSE_KEY, next.license(), previous.license(), inSync);
    String flags = next.flagsInEffect();
    String previousFlags = previous.flagsInEffect();
    if (!inSync || (flags != previousFlags && !flags.equals(previousFlags))) {
      write(FLAGS_KEY, flags.isEmpty() ? null : flags);
    }
  }

  @Override
  public void flagsChanged(RequestContext current) {
    String flags = current.flagsInEffect();
    write(FLAGS_KEY, flags.isEmpty() ? null : flags);
  }

  @Override
  public boolean clear() {
    LAST.get().context = null;
    // Removing only what is there: this runs at every request entry, where the MDC is normally
    // clean, and Logback's MDC.remove() invalidates its read-only copy even for an absent key.
    boolean any = removeIfPresent(FLAGS_KEY);
    for (ContextField field : FIELDS) {
      any |= removeIfPresent(field.key());
    }
    return any;
  }

  private static boolean removeIfPresent(String key) {
    if (MDC.get(key) == null) {
      return false;
    }
    MDC.remove(key);
    return true;
  }

  /** The per-thread record of the last projected context. */
  private static final class Last {
    @Nullable RequestContext context;
  }

  /** Writes {@code value} unless the MDC is in sync and already holds it. */
  private static void write(
      String key, @Nullable String value, @Nullable String previous, boolean inSync) {
    if (!inSync || (value != previous && (value == null || !value.equals(previous)))) {
      write(key, value);
    }
  }

  /** {@link RequestContext#get} of {@code REQUEST_TYPE} without the switch: absent when empty. */
  private static @Nullable String requestType(RequestContext context) {
    return context.isEmpty() ? null : context.requestType().name();
  }

  private static void write(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
