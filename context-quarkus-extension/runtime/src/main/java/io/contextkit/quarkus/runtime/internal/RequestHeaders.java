package io.contextkit.quarkus.runtime.internal;

import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import io.contextkit.w3c.W3CHeaders;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Header access for Jakarta REST request contexts, server and client side. */
final class RequestHeaders {

  /** Reads every value of a header, so repeated {@code traceparent}s are seen as such. */
  static final HeaderGetter<ContainerRequestContext> SERVER =
      new HeaderGetter<>() {
        @Override
        public @Nullable String get(ContainerRequestContext carrier, String name) {
          List<String> values = carrier.getHeaders().get(name);
          return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public Iterator<String> getAll(ContainerRequestContext carrier, String name) {
          List<String> values = carrier.getHeaders().get(name);
          return values == null ? Collections.emptyIterator() : values.iterator();
        }
      };

  /** Replaces a header, so a header set by the application is not sent twice. */
  static final HeaderSetter<ClientRequestContext> CLIENT =
      (carrier, name, value) -> carrier.getHeaders().putSingle(name, value);

  /**
   * {@link #CLIENT} without {@code traceparent} and {@code tracestate}: for an application whose
   * tracer writes them itself ({@link TracerTraceContext}), where a second {@code traceparent}
   * would name a span that does not exist and make the next hop see a repeated header.
   */
  static final HeaderSetter<ClientRequestContext> CLIENT_WITHOUT_TRACE_CONTEXT =
      (carrier, name, value) -> {
        if (!W3CHeaders.TRACEPARENT.equals(name) && !W3CHeaders.TRACESTATE.equals(name)) {
          carrier.getHeaders().putSingle(name, value);
        }
      };

  private RequestHeaders() {}
}
