package io.contextkit.quarkus.test;

import io.contextkit.RequestContext;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Hands work to a plain, unmanaged executor through MicroProfile {@link ThreadContext}: the
 * contextual task and the dependent stage run with the request's context and MDC; the executor's
 * thread is clean before and after.
 */
@Path("/tc")
public class ThreadContextResource {

  static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  @Inject ThreadContext threadContext;

  // One thread, unmanaged: whatever a task leaves on it, the next task sees.
  private final ExecutorService plain = Executors.newSingleThreadExecutor();

  @PreDestroy
  void stop() {
    plain.shutdownNow();
  }

  @GET
  @Path("/runnable")
  @Produces(MediaType.TEXT_PLAIN)
  public String runnable() throws Exception {
    String[] seen = new String[1];
    Runnable task =
        threadContext.contextualRunnable(
            () -> {
              LOG.info("contextual runnable");
              seen[0] = observed();
            });
    plain.submit(task).get(10, TimeUnit.SECONDS);
    return seen[0] + "\n" + plain.submit(ThreadContextResource::observed).get(10, TimeUnit.SECONDS);
  }

  @GET
  @Path("/capture")
  @Produces(MediaType.TEXT_PLAIN)
  public String capture() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> dependent =
        threadContext
            .withContextCapture(source)
            .thenApplyAsync(
                ignored -> {
                  LOG.info("dependent stage");
                  return observed();
                },
                plain);
    // Completed from the plain thread, which holds no context of its own.
    plain.submit(() -> source.complete("go"));
    String inStage = dependent.get(10, TimeUnit.SECONDS);
    return inStage + "\n" + plain.submit(ThreadContextResource::observed).get(10, TimeUnit.SECONDS);
  }

  /** The context and the MDC value the calling thread sees, as {@code fields|mdc-user}. */
  static String observed() {
    Object user = MDC.get("user_id");
    return Fields.render(RequestContext.current()) + "|" + (user == null ? "" : user);
  }
}
