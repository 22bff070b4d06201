package io.contextkit.quarkus.test;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import io.contextkit.RequestContext;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Evaluates a flag with the injected OpenFeature client. */
@Path("/flags")
public class FlagResource {

  @Inject Client client;

  @Inject ContextKitRuntimeConfig config;

  /** The flag keys the configuration mapping holds, i.e. the keys Quarkus knows. */
  @GET
  @Path("/keys")
  @Produces(MediaType.TEXT_PLAIN)
  public String keys() {
    return String.join(",", new java.util.TreeSet<>(config.flags().keySet()));
  }

  /** One flag read as a boolean: {@code value|reason|errorCode}. */
  @GET
  @Path("/details/{key}")
  @Produces(MediaType.TEXT_PLAIN)
  public String details(@PathParam("key") String key) {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails(key, false);
    return d.getValue() + "|" + d.getReason() + "|" + d.getErrorCode();
  }

  @GET
  @Path("/checkout")
  @Produces(MediaType.TEXT_PLAIN)
  public String checkout() {
    boolean on = client.getBooleanValue("new-checkout", false);
    return on + "\n" + RequestContext.current().flagsInEffect();
  }
}
