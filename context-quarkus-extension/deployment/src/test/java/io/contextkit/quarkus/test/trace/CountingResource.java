package io.contextkit.quarkus.test.trace;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often it ran. */
@Path("/count")
public class CountingResource {

  public static final AtomicInteger CALLS = new AtomicInteger();

  @POST
  public String count() {
    return "call " + CALLS.incrementAndGet();
  }
}
