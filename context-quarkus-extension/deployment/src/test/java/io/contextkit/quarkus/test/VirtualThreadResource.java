package io.contextkit.quarkus.test;

import io.quarkus.virtual.threads.VirtualThreads;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/** Hands work to Quarkus' virtual-thread executor through {@link ThreadContext}. */
@Path("/vt")
public class VirtualThreadResource {

  static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  @Inject @VirtualThreads ExecutorService virtualThreads;

  @Inject ThreadContext threadContext;

  @GET
  @Path("/echo")
  @Produces(MediaType.TEXT_PLAIN)
  public String echo() throws Exception {
    Callable<String> task =
        threadContext.contextualCallable(
            () -> {
              LOG.info("on virtual thread");
              return ThreadContextResource.observed() + "\n" + Thread.currentThread();
            });
    return virtualThreads.submit(task).get(10, TimeUnit.SECONDS);
  }
}
