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
 * keeps a scope change cheap; if the MDC no longer reflects the previous context (someone cleared
 * it), every key is rewritten.
 */
public final class MdcProjection implements ContextProjection {

  /** The MDC key of the flags in effect. */
  public static final String FLAGS_KEY = "feature_flags";

  private static final ContextField[] FIELDS = ContextField.values();
  private static final String SENTINEL_KEY = ContextField.REQUEST_ID.key();

  @Override
  public void project(RequestContext next, RequestContext previous) {
    boolean inSync = Objects.equals(MDC.get(SENTINEL_KEY), previous.get(ContextField.REQUEST_ID));
    for (ContextField field : FIELDS) {
      String value = next.get(field);
      if (!inSync || !Objects.equals(value, previous.get(field))) {
        write(field.key(), value);
      }
    }
    String flags = next.flagsInEffect();
    if (!inSync || !flags.equals(previous.flagsInEffect())) {
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
    boolean any = MDC.get(FLAGS_KEY) != null;
    MDC.remove(FLAGS_KEY);
    for (ContextField field : FIELDS) {
      any |= MDC.get(field.key()) != null;
      MDC.remove(field.key());
    }
    return any;
  }

  private static void write(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
