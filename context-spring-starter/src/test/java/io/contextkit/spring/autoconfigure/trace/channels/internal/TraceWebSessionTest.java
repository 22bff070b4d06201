package io.contextkit.spring.autoconfigure.trace.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.InMemoryWebSessionStore;

class TraceWebSessionTest {

  private final RequestContext trace =
      RequestContext.builder().requestType(RequestType.TRACE).build();

  @Test
  void aCopyOfAnExistingSessionKeepsItsChangesToItself() {
    InMemoryWebSessionStore store = new InMemoryWebSessionStore();
    WebSession real = store.createWebSession().block();
    real.getAttributes().put("cart", "3 items");
    real.save().block();

    TraceWebSession copy = TraceWebSession.over(trace.sideEffects(), real);
    assertThat(copy.getId()).isEqualTo(real.getId());
    assertThat(copy.getAttributes()).containsEntry("cart", "3 items");
    copy.getAttributes().put("cart", "4 items");
    copy.getAttributes().remove("cart");
    copy.changeSessionId().block();
    copy.save().block();
    assertThat(copy.getId()).isNotEqualTo(real.getId());
    assertThat(store.retrieveSession(real.getId()).block().getAttributes())
        .containsEntry("cart", "3 items");
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.SESSION))
        .as("one per attribute name, one for the id")
        .isEqualTo(2);
  }

  @Test
  void aNewSessionIsReportedOnceStarted() {
    TraceWebSession session = TraceWebSession.created(trace.sideEffects());
    assertThat(session.isStarted()).isFalse();
    assertThat(trace.sideEffects().report().isEmpty()).isTrue();
    session.getAttributes().put("a", "1");
    session.getAttributes().put("a", "2");
    assertThat(session.isStarted()).isTrue();
    assertThat(trace.sideEffects().report().effects())
        .extracting(SideEffect::summary)
        .containsExactly(
            "session created, kept in the TRACE request (never stored)",
            "attribute a changed, kept in the TRACE request");
    session.invalidate().block();
    assertThat(session.isExpired()).isTrue();
    assertThat(session.getAttributes()).isEmpty();
  }
}
