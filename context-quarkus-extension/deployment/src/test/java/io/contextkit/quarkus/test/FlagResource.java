package io.contextkit.quarkus.test;

import dev.openfeature.sdk.Client;
import io.contextkit.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Evaluates a flag with the injected OpenFeature client. */
@Path("/flags")
public class FlagResource {

  @Inject Client client;

  @GET
  @Path("/checkout")
  @Produces(MediaType.TEXT_PLAIN)
  public String checkout() {
    boolean on = client.getBooleanValue("new-checkout", false);
    return on + "\n" + RequestContext.current().flagsInEffect();
  }
}
