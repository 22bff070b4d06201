package io.contextkit.spring.autoconfigure.trace.channels.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Reads the caller's Spring Session session for a TRACE request straight from the repository that
 * {@code SessionRepositoryFilter} publishes on the request: asking Spring Session's request wrapper
 * instead would make the session current, and the filter would then save it (at least its last
 * access time) when the request ends. Loaded only when Spring Session is present.
 *
 * <p>This class is internal and is hence not for public use.
 */
final class SpringSessions {

  private static final String REPOSITORY_ATTRIBUTE = SessionRepository.class.getName();

  private SpringSessions() {}

  /** Whether Spring Session's filter handles {@code request}. */
  static boolean handles(HttpServletRequest request) {
    return request.getAttribute(REPOSITORY_ATTRIBUTE) instanceof SessionRepository<?>;
  }

  static TraceHttpSession.@Nullable Existing existing(HttpServletRequest request) {
    if (!(request.getAttribute(REPOSITORY_ATTRIBUTE) instanceof SessionRepository<?> repository)) {
      return null;
    }
    String id = request.getRequestedSessionId();
    if (id == null) {
      return null;
    }
    Session session = repository.findById(id);
    return session == null || session.isExpired() ? null : new StoredSession(session);
  }

  private record StoredSession(Session session) implements TraceHttpSession.Existing {

    @Override
    public String id() {
      return session.getId();
    }

    @Override
    public long creationTime() {
      return session.getCreationTime().toEpochMilli();
    }

    @Override
    public long lastAccessedTime() {
      Instant last = session.getLastAccessedTime();
      return last.toEpochMilli();
    }

    @Override
    public int maxInactiveInterval() {
      return (int) session.getMaxInactiveInterval().toSeconds();
    }

    @Override
    public @Nullable Object attribute(String name) {
      return session.getAttribute(name);
    }

    @Override
    public Set<String> attributeNames() {
      return session.getAttributeNames();
    }
  }
}
