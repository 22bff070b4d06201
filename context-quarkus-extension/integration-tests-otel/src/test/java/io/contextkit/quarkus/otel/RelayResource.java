package io.contextkit.quarkus.otel;

import io.contextkit.RequestContext;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Calls an internal host ({@code 127.0.0.1}) and a third party ({@code localhost}, the same stub),
 * logs one line, and answers what it saw: ContextKit's trace id, the current span's trace id and
 * the OpenTelemetry baggage of the request, one {@code key=value} line each.
 */
@Path("/relay")
public class RelayResource {

  static final String LOG_CATEGORY = "contextkit.otel.test";

  private static final Logger LOG = Logger.getLogger(LOG_CATEGORY);

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String relay(@QueryParam("tag") String tag) {
    LOG.info("relay " + tag);
    call("http://127.0.0.1:" + HeaderStub.port(), "internal-" + tag);
    call("http://localhost:" + HeaderStub.port(), "third-" + tag);
    return "context_trace_id="
        + RequestContext.current().traceId()
        + "\nspan_trace_id="
        + Span.current().getSpanContext().getTraceId()
        + "\notel_baggage="
        + new TreeSet<>(Baggage.current().asMap().keySet())
        + "\n";
  }

  private static void call(String base, String path) {
    QuarkusRestClientBuilder.newBuilder()
        .baseUri(URI.create(base))
        .build(StubClient.class)
        .get(path);
  }
}
