package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.SideEffectRecorder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The request a TRACE request's application code sees: {@code getSession} hands out a {@link
 * TraceHttpSession} (the existing session, read-only underneath, or a new request-local one) and
 * never asks the container or Spring Session to create, load for update or change one.
 *
 * <p>This class is internal and is hence not for public use.
 */
final class TraceSessionRequest extends HttpServletRequestWrapper {

  private final SideEffectRecorder recorder;
  private final Function<HttpServletRequest, TraceHttpSession.@Nullable Existing> existingSessions;
  private @Nullable TraceHttpSession session;
  private boolean looked;

  TraceSessionRequest(
      HttpServletRequest request,
      SideEffectRecorder recorder,
      Function<HttpServletRequest, TraceHttpSession.@Nullable Existing> existingSessions) {
    super(request);
    this.recorder = recorder;
    this.existingSessions = existingSessions;
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public synchronized @Nullable HttpSession getSession(boolean create) {
    TraceHttpSession current = session;
    if (current != null && !current.isInvalid()) {
      return current;
    }
    if (current == null && !looked) {
      looked = true;
      TraceHttpSession.Existing existing =
          existingSessions.apply((HttpServletRequest) getRequest());
      if (existing != null) {
        session = TraceHttpSession.over(getServletContext(), recorder, existing);
        return session;
      }
    }
    if (!create) {
      return null;
    }
    session = TraceHttpSession.created(getServletContext(), recorder);
    return session;
  }

  @Override
  public String changeSessionId() {
    HttpSession current = getSession(false);
    if (!(current instanceof TraceHttpSession traceSession)) {
      throw new IllegalStateException("No session is associated with this request");
    }
    return traceSession.changeId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    TraceHttpSession current = session;
    if (current != null && current.isInvalid()) {
      return false;
    }
    return super.isRequestedSessionIdValid();
  }

  /** A read-only snapshot of a container session's state, for {@link TraceHttpSession}. */
  static TraceHttpSession.@Nullable Existing containerSession(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    try {
      return new ContainerSession(session);
    } catch (IllegalStateException invalidated) {
      return null;
    }
  }

  private static final class ContainerSession implements TraceHttpSession.Existing {
    private final HttpSession session;
    private final long creationTime;

    ContainerSession(HttpSession session) {
      this.session = session;
      this.creationTime = session.getCreationTime(); // throws if it is invalidated already
    }

    @Override
    public String id() {
      return session.getId();
    }

    @Override
    public long creationTime() {
      return creationTime;
    }

    @Override
    public long lastAccessedTime() {
      return session.getLastAccessedTime();
    }

    @Override
    public int maxInactiveInterval() {
      return session.getMaxInactiveInterval();
    }

    @Override
    public @Nullable Object attribute(String name) {
      return session.getAttribute(name);
    }

    @Override
    public Set<String> attributeNames() {
      return new LinkedHashSet<>(Collections.list(session.getAttributeNames()));
    }
  }
}
