package io.contextkit.spring.autoconfigure.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.Identity;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.noop.TracePolicy;
import io.contextkit.spring.autoconfigure.trace.internal.TraceResponseFilter;
import io.contextkit.trust.InboundPeer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the starter's servlet filters do for one STANDARD request that the Tomcat valve has already
 * bound (as on Tomcat, where the valve sees every request first), counted: the request attributes
 * they read, and whether any of them re-binds the context. The four filters in their order: entry,
 * span, identity (no authentication framework), TRACE.
 */
class ServletFiltersWorkPerRequestTest {

  private static final ContextPropagator PROPAGATOR = ContextPropagator.builder().build();

  /** Counts every attribute read, by name. */
  private static final class CountingRequest extends MockHttpServletRequest {
    final Map<String, Integer> reads = new TreeMap<>();

    @Override
    public @Nullable Object getAttribute(String name) {
      reads.merge(name, 1, Integer::sum);
      return super.getAttribute(name);
    }

    int totalReads() {
      int total = 0;
      for (int n : reads.values()) {
        total += n;
      }
      return total;
    }
  }

  @Test
  void aStandardRequestBoundByTheValveIsNotReboundAndEachFilterReadsItsAttributesAtMostOnce()
      throws Exception {
    CountingRequest request = new CountingRequest();
    request.setRemoteAddr("203.0.113.1");
    MockHttpServletResponse response = new MockHttpServletResponse();
    List<RequestContext> seen = new ArrayList<>();
    HttpServlet servlet =
        new HttpServlet() {
          @Override
          protected void service(HttpServletRequest req, HttpServletResponse res) {
            seen.add(RequestContext.current());
          }
        };
    MockFilterChain chain =
        new MockFilterChain(
            servlet,
            new ContextKitInboundFilter(new InboundRequests(PROPAGATOR), "X-Request-Id"),
            new ContextKitSpanFilter(),
            new ContextKitIdentityFilter(r -> Identity.anonymous()),
            new TraceResponseFilter(() -> TracePolicy.starting(true)));

    // What the valve does first: extract once, keep it on the request, bind it.
    InboundContext inbound =
        PROPAGATOR.extract(
            request, ServletHeaderGetter.INSTANCE, InboundPeer.ofAddress("203.0.113.1"));
    InboundRequests.set(request, inbound);
    request.reads.clear();
    try (ContextScope scope = inbound.context().makeCurrent()) {
      chain.doFilter(request, response);
    }

    assertThat(seen).singleElement().isSameAs(inbound.context());
    assertThat(response.getHeader("X-Request-Id"))
        .isNotBlank()
        .isEqualTo(inbound.context().requestId());
    // The entry filter and the identity filter read the inbound context once each; the span
    // filter, with no span current, reads nothing; the identity filter looks for a server span.
    assertThat(request.reads)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                InboundRequests.ATTRIBUTE, 2,
                ContextKitSpanFilter.SERVER_SPAN_ATTRIBUTE, 1));
    assertThat(request.totalReads()).isEqualTo(3);
  }
}
