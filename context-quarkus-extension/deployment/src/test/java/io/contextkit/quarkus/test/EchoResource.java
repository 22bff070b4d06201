package io.contextkit.quarkus.test;

import io.contextkit.ContextScope;
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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /** Two parallel branches of one request, each under its own derived context (quarkus#30736). */
  @GET
  @Path("/branches")
  @Produces(MediaType.TEXT_PLAIN)
  public String branches() throws Exception {
    CyclicBarrier both = new CyclicBarrier(2);
    CompletableFuture<String> a = executor.supplyAsync(() -> branch("branch-a", both));
    CompletableFuture<String> b = executor.supplyAsync(() -> branch("branch-b", both));
    String result = a.get(20, TimeUnit.SECONDS) + "\n" + b.get(20, TimeUnit.SECONDS);
    LOG.info("after branches");
    return Fields.render(RequestContext.current()) + "\n" + result;
  }

  private static String branch(String user, CyclicBarrier both) {
    try (ContextScope scope =
        RequestContext.current().toBuilder().userId(user).build().makeCurrent()) {
      await(both);
      LOG.info("branch start " + user);
      await(both);
      LOG.info("branch end " + user);
      return Fields.render(RequestContext.current());
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
