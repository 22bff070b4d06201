package io.contextkit.quarkus.test.thirdparty;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * {@code /hop/relay} calls {@code /hop/headers} of the same application through the REST client;
 * the callee answers with the context headers it received, one {@code name: value} line each.
 */
@Path("/hop")
public class HopResource {

  static final List<String> HEADERS =
      List.of("traceparent", "tracestate", "baggage", "x-request-id", "contextkit-signature");

  /** The REST client of the relay. */
  @Path("/hop")
  public interface HopClient {
    @GET
    @Path("/headers")
    @Produces(MediaType.TEXT_PLAIN)
    String headers();
  }

  @GET
  @Path("/relay")
  @Produces(MediaType.TEXT_PLAIN)
  public String relay(@Context UriInfo uri) {
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(uri.getBaseUri())
        .build(HopClient.class)
        .headers();
  }

  @GET
  @Path("/headers")
  @Produces(MediaType.TEXT_PLAIN)
  public String headers(@Context HttpHeaders headers) {
    StringBuilder out = new StringBuilder();
    for (String name : HEADERS) {
      List<String> values = headers.getRequestHeader(name);
      if (values != null && !values.isEmpty()) {
        out.append(name).append(": ").append(String.join(",", values)).append('\n');
      }
    }
    return out.toString();
  }
}
