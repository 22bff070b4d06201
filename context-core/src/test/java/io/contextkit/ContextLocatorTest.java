package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.integration.microprofile.RequestContextThreadContextProvider;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextLocatorTest {

  private static final RequestContext LOCATED =
      RequestContext.builder().requestId("located").requestType(RequestType.TRACE).build();

  @AfterEach
  void removeLocator() {
    ContextKit.setLocator(null);
  }

  @Test
  void currentOrLocatedIsEmptyWithoutScopeOrLocator() {
    assertThat(RequestContext.currentOrLocated()).isSameAs(RequestContext.empty());
  }

  @Test
  void locatorAnswersWhenNoScopeIsOpen() {
    ContextKit.setLocator(() -> LOCATED);

    assertThat(RequestContext.currentOrLocated()).isSameAs(LOCATED);
    // current() itself is untouched: only the thread's own scope.
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
  }

  @Test
  void openScopeWinsOverTheLocator() {
    ContextKit.setLocator(() -> LOCATED);
    RequestContext own = RequestContext.builder().requestId("own").build();

    try (ContextScope ignored = own.makeCurrent()) {
      assertThat(RequestContext.currentOrLocated()).isSameAs(own);
    }
  }

  @Test
  void failingLocatorCountsAsNoRequest() {
    ContextKit.setLocator(
        () -> {
          throw new IllegalStateException("boom");
        });

    assertThat(RequestContext.currentOrLocated()).isSameAs(RequestContext.empty());
  }

  @Test
  void threadContextCaptureTakesTheLocatedRequestToAnotherThread() throws Exception {
    ContextKit.setLocator(() -> LOCATED);
    RequestContextThreadContextProvider provider = new RequestContextThreadContextProvider();
    var snapshot = provider.currentContext(Map.of());
    ContextKit.setLocator(null);

    AtomicReference<RequestContext> seen = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              ThreadContextController controller = snapshot.begin();
              try {
                seen.set(RequestContext.current());
              } finally {
                controller.endContext();
              }
            });
    worker.start();
    worker.join();

    assertThat(seen.get()).isSameAs(LOCATED);
  }
}
