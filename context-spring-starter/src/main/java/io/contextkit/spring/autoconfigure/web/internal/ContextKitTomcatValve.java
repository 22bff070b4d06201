package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Binds the request's context around Tomcat's whole pipeline, so that what the container itself
 * logs after the filter chain has returned — the "Servlet.service() ... threw exception" error line
 * and the error-page dispatch — still carries the request id and trace id (spring-framework#30675).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitTomcatValve extends ValveBase {

  private final InboundRequests requests;
  private final String[] headerNames;

  public ContextKitTomcatValve(InboundRequests requests) {
    super(true);
    this.requests = requests;
    this.headerNames = TomcatInboundHeaders.namesReadBy(requests.propagator());
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    // First sight (the valve runs before any filter): the headers in one pass over Tomcat's list.
    InboundContext known = InboundRequests.get(request);
    ContextScope scope =
        known == null
            ? requests.bindFirst(
                request,
                TomcatInboundHeaders.collect(
                    request.getCoyoteRequest().getMimeHeaders(), headerNames),
                TomcatInboundHeaders.GETTER)
            : InboundRequests.rebind(known);
    try {
      getNext().invoke(request, response);
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
