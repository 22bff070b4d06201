package io.contextkit.spring.autoconfigure.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.Identity;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.trust.InboundPeer;
import io.contextkit.w3c.HeaderGetter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The identity filter on its own, with the request's context bound as the entry filter binds it.
 */
class ContextKitIdentityFilterTest {

  private static final HeaderGetter<Object> NO_HEADERS = (carrier, name) -> null;

  private final Map<String, Object> attributes = new HashMap<>();
  private final HttpServletRequest request = request(attributes);
  private final HttpServletResponse response = response();
  private final InboundContext inbound =
      ContextPropagator.builder()
          .build()
          .extract(new Object(), NO_HEADERS, InboundPeer.ofAddress("203.0.113.1"));

  @Test
  void anonymousCallerRunsTheChainUnderTheAlreadyBoundContext() throws Exception {
    InboundRequests.set(request, inbound);
    List<RequestContext> seen = new ArrayList<>();
    try (ContextScope scope = inbound.context().makeCurrent()) {
      new ContextKitIdentityFilter(r -> Identity.anonymous())
          .doFilter(request, response, (req, res) -> seen.add(RequestContext.current()));
    }
    assertThat(seen).singleElement().isSameAs(inbound.context());
    assertThat(InboundRequests.get(request)).isSameAs(inbound);
  }

  @Test
  void authenticatedCallerRunsTheChainUnderTheDerivedContextAndRestoresTheInboundOne()
      throws Exception {
    InboundRequests.set(request, inbound);
    List<RequestContext> seen = new ArrayList<>();
    RequestContext after;
    try (ContextScope scope = inbound.context().makeCurrent()) {
      new ContextKitIdentityFilter(r -> new Identity("alice", "acme", false, null, false))
          .doFilter(request, response, (req, res) -> seen.add(RequestContext.current()));
      after = RequestContext.current();
    }
    assertThat(seen)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.userId()).isEqualTo("alice");
              assertThat(c.sameRequestAs(inbound.context())).isTrue();
            });
    assertThat(after).isSameAs(inbound.context());
    assertThat(InboundRequests.get(request).context().userId()).isEqualTo("alice");
  }

  private static HttpServletRequest request(Map<String, Object> attributes) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ContextKitIdentityFilterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getDispatcherType" -> DispatcherType.REQUEST;
                  case "getAttribute" -> attributes.get((String) args[0]);
                  case "setAttribute" -> {
                    attributes.put((String) args[0], args[1]);
                    yield null;
                  }
                  default -> unsupported(method.getName());
                });
  }

  private static HttpServletResponse response() {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            ContextKitIdentityFilterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> unsupported(method.getName()));
  }

  private static @Nullable Object unsupported(String method) {
    throw new UnsupportedOperationException(method);
  }
}
