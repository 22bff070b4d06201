package io.contextkit.quarkus.test;

import io.contextkit.RequestContext;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/** Echoes the context it runs with; {@code /chain} goes through a ManagedExecutor and a client. */
@Path("/ctx")
public class EchoResource {

  static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  @Inject ManagedExecutor executor;

  @GET
  @Path("/echo")
  @Produces(MediaType.TEXT_PLAIN)
  public String echo(@Context HttpHeaders headers) {
    LOG.info("echo");
    return Fields.render(RequestContext.current())
        + "\nbaggage:"
        + headers.getHeaderString("baggage");
  }

  @GET
  @Path("/chain")
  @Produces(MediaType.TEXT_PLAIN)
  public String chain(@Context UriInfo uri) throws Exception {
    RequestContext here = RequestContext.current();
    EchoClient client =
        QuarkusRestClientBuilder.newBuilder().baseUri(uri.getBaseUri()).build(EchoClient.class);
    String remote =
        executor
            .supplyAsync(
                () -> {
                  LOG.info("in executor");
                  return Fields.render(RequestContext.current()) + "\n" + client.echo();
                })
            .get(20, TimeUnit.SECONDS);
    return Fields.render(here) + "\n" + remote;
  }
}
