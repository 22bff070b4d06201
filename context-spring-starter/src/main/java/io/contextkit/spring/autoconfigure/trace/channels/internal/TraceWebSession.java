package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The {@link WebSession} of a TRACE exchange: a new session, or a copy of the caller's existing
 * one, that lives only within the exchange. {@link #save()} stores nothing and the session is never
 * registered with the {@code WebSessionManager}, so no session is created, changed or stored and no
 * session cookie is set. Each creation, attribute change, id change and invalidation is reported
 * once as a {@code SESSION} side effect. Thread-safe.
 *
 * <p>This class is internal and is hence not for public use.
 */
final class TraceWebSession implements WebSession {

  private final SideEffectRecorder recorder;
  private final Map<String, Object> attributes;
  private final Map<String, Boolean> reported = new ConcurrentHashMap<>();
  private final Instant creationTime;
  private final Instant lastAccessTime;
  private final boolean existed;
  private volatile String id;
  private volatile Duration maxIdleTime;
  private volatile boolean started;
  private volatile boolean invalid;

  private TraceWebSession(SideEffectRecorder recorder, @Nullable WebSession existing) {
    this.recorder = recorder;
    this.attributes = new ReportingAttributes();
    if (existing == null) {
      this.id = newId();
      this.creationTime = Instant.now();
      this.lastAccessTime = creationTime;
      this.maxIdleTime = Duration.ofMinutes(30);
      this.existed = false;
    } else {
      this.id = existing.getId();
      this.creationTime = existing.getCreationTime();
      this.lastAccessTime = existing.getLastAccessTime();
      this.maxIdleTime = existing.getMaxIdleTime();
      ((ReportingAttributes) attributes).load(existing.getAttributes());
      this.started = true;
      this.existed = true;
    }
  }

  /** A new session of the TRACE exchange (its creation is reported once it is started). */
  static TraceWebSession created(SideEffectRecorder recorder) {
    return new TraceWebSession(recorder, null);
  }

  /** The TRACE exchange's copy of {@code existing}. */
  static TraceWebSession over(SideEffectRecorder recorder, WebSession existing) {
    return new TraceWebSession(recorder, existing);
  }

  private static String newId() {
    return "trace-" + UUID.randomUUID();
  }

  private void report(String key, String summary) {
    if (reported.putIfAbsent(key, Boolean.TRUE) == null) {
      recorder.record(new SideEffect(SideEffect.Kind.SESSION, TraceHttpSession.TARGET, summary));
    }
  }

  private void changed(String name) {
    if (!existed && !started) {
      start();
    }
    report("attribute:" + name, "attribute " + name + " changed, kept in the TRACE request");
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public Map<String, Object> getAttributes() {
    return attributes;
  }

  @Override
  public void start() {
    if (!started) {
      started = true;
      if (!existed) {
        report("create", "session created, kept in the TRACE request (never stored)");
      }
    }
  }

  @Override
  public boolean isStarted() {
    return started || !attributes.isEmpty();
  }

  @Override
  public Mono<Void> changeSessionId() {
    return Mono.fromRunnable(
        () -> {
          id = newId();
          report("change-id", "session id change kept in the TRACE request");
        });
  }

  @Override
  public Mono<Void> invalidate() {
    return Mono.fromRunnable(
        () -> {
          invalid = true;
          ((ReportingAttributes) attributes).drop();
          report("invalidate", "session invalidation kept in the TRACE request");
        });
  }

  /** Stores nothing: the session lives only within the TRACE exchange. */
  @Override
  public Mono<Void> save() {
    return Mono.empty();
  }

  @Override
  public boolean isExpired() {
    return invalid;
  }

  @Override
  public Instant getCreationTime() {
    return creationTime;
  }

  @Override
  public Instant getLastAccessTime() {
    return lastAccessTime;
  }

  @Override
  public void setMaxIdleTime(Duration maxIdleTime) {
    this.maxIdleTime = maxIdleTime;
    report("max-idle-time", "timeout change kept in the TRACE request");
  }

  @Override
  public Duration getMaxIdleTime() {
    return maxIdleTime;
  }

  /** The attribute map; every change is reported (once per attribute name). */
  private final class ReportingAttributes extends ConcurrentHashMap<String, Object> {

    void load(Map<String, Object> existing) {
      super.putAll(existing);
    }

    void drop() {
      super.clear();
    }

    @Override
    public @Nullable Object put(String key, Object value) {
      changed(key);
      return super.put(key, value);
    }

    @Override
    public void putAll(Map<? extends String, ?> map) {
      for (String key : map.keySet()) {
        changed(key);
      }
      super.putAll(map);
    }

    @Override
    public @Nullable Object putIfAbsent(String key, Object value) {
      changed(key);
      return super.putIfAbsent(key, value);
    }

    // Removing what is not there changes nothing (Spring Security's request cache does it on
    // every exchange): it neither starts the session nor is reported.
    @Override
    public @Nullable Object remove(Object key) {
      if (containsKey(key)) {
        changed(String.valueOf(key));
      }
      return super.remove(key);
    }

    @Override
    public boolean remove(Object key, @Nullable Object value) {
      if (value != null && value.equals(get(key))) {
        changed(String.valueOf(key));
      }
      return super.remove(key, value);
    }

    @Override
    public void clear() {
      for (String key : keySet()) {
        changed(key);
      }
      super.clear();
    }

    @Override
    public @Nullable Object compute(
        String key, BiFunction<? super String, ? super @Nullable Object, ?> function) {
      changed(key);
      return super.compute(key, function);
    }

    @Override
    public Object computeIfAbsent(String key, Function<? super String, ?> function) {
      changed(key);
      return super.computeIfAbsent(key, function);
    }

    @Override
    public @Nullable Object merge(
        String key, Object value, BiFunction<? super Object, ? super Object, ?> function) {
      changed(key);
      return super.merge(key, value, function);
    }

    @Override
    public @Nullable Object replace(String key, Object value) {
      changed(key);
      return super.replace(key, value);
    }
  }
}
