package io.contextkit.quarkus.test;

import io.contextkit.RequestContext;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A Quarkus REST method that Quarkus itself dispatches to a virtual thread: no executor or {@code
 * ThreadContext} of ours in between, so whatever context it sees arrived with the dispatch.
 */
@Path("/rovt")
public class RunOnVirtualThreadResource {

  static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  /** Answers {@code fields \n mdc-user|mdc-request \n virtual?} as seen by the method's thread. */
  @GET
  @Path("/echo")
  @Produces(MediaType.TEXT_PLAIN)
  @RunOnVirtualThread
  public String echo() {
    LOG.info("in run-on-virtual-thread method");
    Object user = MDC.get("user_id");
    Object request = MDC.get("request_id");
    return Fields.render(RequestContext.current())
        + "\n"
        + (user == null ? "" : user)
        + "|"
        + (request == null ? "" : request)
        + "\n"
        + Thread.currentThread().isVirtual();
  }
}
