package smoke;

import io.contextkit.RequestContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The smallest Quarkus application with the extension: one endpoint answering its request id. */
@Path("/hello")
public class HelloResource {

  /** The id of the request as the resource sees it: the extension's context is current here. */
  @GET
  public String hello() {
    return RequestContext.current().requestId();
  }
}
