package io.contextkit.quarkus.test;

import io.contextkit.RequestContext;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Non-blocking resources (they run on the event loop) whose result completes later on a plain JDK
 * thread.
 */
@Path("/async")
public class AsyncResource {

  static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  private static final Executor LATER =
      CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

  @GET
  @Path("/uni")
  @Produces(MediaType.TEXT_PLAIN)
  public Uni<String> uni() {
    String here = Fields.render(RequestContext.current());
    LOG.info("async uni");
    return Uni.createFrom()
        .completionStage(CompletableFuture.supplyAsync(() -> here, LATER))
        .map(seen -> seen + "\n" + Thread.currentThread().getName());
  }

  /** Runs on a worker thread; its result completes elsewhere and the response is resumed there. */
  @GET
  @Path("/blocking-uni")
  @Produces(MediaType.TEXT_PLAIN)
  @Blocking
  public Uni<String> blockingUni() {
    String here = Fields.render(RequestContext.current());
    LOG.info("async blocking uni");
    return Uni.createFrom()
        .completionStage(CompletableFuture.supplyAsync(() -> here, LATER))
        .map(seen -> seen + "\n" + Thread.currentThread().getName());
  }

  /** Pending for a second after the method returned, while the event loop serves others. */
  @GET
  @Path("/slow")
  @Produces(MediaType.TEXT_PLAIN)
  public Uni<String> slow() {
    String here = Fields.render(RequestContext.current());
    LOG.info("async slow");
    return Uni.createFrom()
        .completionStage(
            CompletableFuture.supplyAsync(
                () -> here, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS)));
  }

  @GET
  @Path("/stage")
  @Produces(MediaType.TEXT_PLAIN)
  public CompletionStage<String> stage() {
    String here = Fields.render(RequestContext.current());
    LOG.info("async stage");
    return CompletableFuture.supplyAsync(() -> here, LATER)
        .thenApply(seen -> seen + "\n" + Thread.currentThread().getName());
  }
}
