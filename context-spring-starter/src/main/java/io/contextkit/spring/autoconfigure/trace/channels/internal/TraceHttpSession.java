package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP session a TRACE request sees: a new session that exists only within the request, or a
 * view of the caller's existing session whose changes stay within the request. It is never
 * registered with the container or a session store, so no session is created, changed or persisted
 * and no session cookie is set; attributes, ids and invalidation behave as the servlet
 * specification says within the request (flash attributes, saved requests and a login's security
 * context work as for real). Each creation, id change, invalidation and changed attribute name is
 * reported once as a {@code SESSION} side effect. Thread-safe.
 *
 * <p>This class is internal and is hence not for public use.
 */
final class TraceHttpSession implements HttpSession {

  static final String TARGET = "http-session";

  /** What a TRACE request may read of an existing session. */
  interface Existing {
    String id();

    long creationTime();

    long lastAccessedTime();

    int maxInactiveInterval();

    @Nullable Object attribute(String name);

    Set<String> attributeNames();
  }

  private static final Object REMOVED = new Object();

  private final ServletContext servletContext;
  private final SideEffectRecorder recorder;
  private final @Nullable Existing existing;
  private final Map<String, Object> changes = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final long creationTime;
  private volatile String id;
  private volatile int maxInactiveInterval;
  private volatile boolean invalid;

  private TraceHttpSession(
      ServletContext servletContext, SideEffectRecorder recorder, @Nullable Existing existing) {
    this.servletContext = servletContext;
    this.recorder = recorder;
    this.existing = existing;
    if (existing == null) {
      this.id = newId();
      this.creationTime = System.currentTimeMillis();
      this.maxInactiveInterval = servletContext.getSessionTimeout() * 60;
    } else {
      this.id = existing.id();
      this.creationTime = existing.creationTime();
      this.maxInactiveInterval = existing.maxInactiveInterval();
    }
  }

  /** A session created by the TRACE request; reported as such. */
  static TraceHttpSession created(ServletContext servletContext, SideEffectRecorder recorder) {
    TraceHttpSession session = new TraceHttpSession(servletContext, recorder, null);
    session.report("create", "session created, kept in the TRACE request (never stored)");
    return session;
  }

  /** The TRACE request's view of {@code existing}. */
  static TraceHttpSession over(
      ServletContext servletContext, SideEffectRecorder recorder, Existing existing) {
    return new TraceHttpSession(servletContext, recorder, existing);
  }

  private static String newId() {
    return "trace-" + UUID.randomUUID();
  }

  boolean isInvalid() {
    return invalid;
  }

  /** Gives the session a new id within the request, as {@code changeSessionId()} does. */
  String changeId() {
    checkValid();
    id = newId();
    report("change-id", "session id change kept in the TRACE request");
    return id;
  }

  private void report(String key, String summary) {
    if (reported.add(key)) {
      recorder.record(new SideEffect(SideEffect.Kind.SESSION, TARGET, summary));
    }
  }

  private void checkValid() {
    if (invalid) {
      throw new IllegalStateException("The session has been invalidated");
    }
  }

  @Override
  public long getCreationTime() {
    checkValid();
    return creationTime;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public long getLastAccessedTime() {
    checkValid();
    return existing == null ? creationTime : existing.lastAccessedTime();
  }

  @Override
  public ServletContext getServletContext() {
    return servletContext;
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    maxInactiveInterval = interval;
    report("max-inactive-interval", "timeout change kept in the TRACE request");
  }

  @Override
  public int getMaxInactiveInterval() {
    return maxInactiveInterval;
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    checkValid();
    Object changed = changes.get(name);
    if (changed != null) {
      return changed == REMOVED ? null : changed;
    }
    return existing == null ? null : existing.attribute(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    checkValid();
    Set<String> names = new LinkedHashSet<>();
    if (existing != null) {
      names.addAll(existing.attributeNames());
    }
    for (Map.Entry<String, Object> change : changes.entrySet()) {
      if (change.getValue() == REMOVED) {
        names.remove(change.getKey());
      } else {
        names.add(change.getKey());
      }
    }
    return Collections.enumeration(names);
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    checkValid();
    if (value == null) {
      removeAttribute(name);
      return;
    }
    changes.put(name, value);
    report("attribute:" + name, "attribute " + name + " set, kept in the TRACE request");
  }

  @Override
  public void removeAttribute(String name) {
    checkValid();
    if (getAttribute(name) == null) {
      return; // nothing to remove: no change to report
    }
    changes.put(name, REMOVED);
    report("attribute:" + name, "attribute " + name + " removed, kept in the TRACE request");
  }

  @Override
  public void invalidate() {
    checkValid();
    invalid = true;
    report("invalidate", "session invalidation kept in the TRACE request");
  }

  @Override
  public boolean isNew() {
    checkValid();
    return existing == null;
  }
}
