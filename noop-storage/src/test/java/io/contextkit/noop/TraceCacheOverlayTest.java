package io.contextkit.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import org.junit.jupiter.api.Test;

class TraceCacheOverlayTest {

  @Test
  void aRequestReadsItsOwnWritesAndOnlyItsOwn() {
    RequestContext trace = Requests.trace();
    TraceCacheOverlay overlay = TraceCacheOverlay.of(trace);
    assertThat(TraceCacheOverlay.of(trace.toBuilder().userId("ann").build()))
        .as("one overlay per request, whatever context derives from it")
        .isSameAs(overlay);
    assertThat(overlay.lookup("books", "k").isShared()).isTrue();

    overlay.put("books", "k", "v");
    overlay.put("books", "n", null);
    overlay.evict("books", "gone");
    assertThat(overlay.lookup("books", "k").value()).isEqualTo("v");
    assertThat(overlay.lookup("books", "n").isPresent()).isTrue();
    assertThat(overlay.lookup("books", "n").value()).isNull();
    assertThat(overlay.lookup("books", "gone").isAbsent()).isTrue();
    assertThat(overlay.lookup("authors", "k").isShared()).isTrue();

    TraceCacheOverlay other = TraceCacheOverlay.of(Requests.trace());
    assertThat(other).isNotSameAs(overlay);
    assertThat(other.lookup("books", "k").isShared()).isTrue();
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.CACHE)).isEqualTo(3);
  }

  @Test
  void clearHidesTheSharedEntriesUntilTheRequestPutsAgain() {
    TraceCacheOverlay overlay = TraceCacheOverlay.of(Requests.trace());
    overlay.put("books", "a", "1");
    overlay.clear("books");
    assertThat(overlay.lookup("books", "a").isAbsent()).isTrue();
    assertThat(overlay.lookup("books", "b").isAbsent()).isTrue();
    overlay.put("books", "b", "2");
    assertThat(overlay.lookup("books", "b").value()).isEqualTo("2");

    overlay.clearAll("cacheManager");
    assertThat(overlay.lookup("books", "b").isAbsent()).isTrue();
    assertThat(overlay.lookup("never-touched", "x").isAbsent()).isTrue();
  }

  @Test
  void standardRequestsHaveNoOverlay() {
    assertThatThrownBy(() -> TraceCacheOverlay.of(Requests.standard()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TraceCacheOverlay.of(RequestContext.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
