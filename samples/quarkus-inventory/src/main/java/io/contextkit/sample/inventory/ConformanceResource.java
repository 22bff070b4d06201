package io.contextkit.sample.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /conformance/trace-context}: the W3C Trace Context test-harness protocol. For each
 * element of the body, the {@code arguments} are POSTed to the {@code url} through the ordinary
 * REST client, so what the harness receives is exactly what ContextKit propagates to that host.
 */
@Path("/conformance/trace-context")
public final class ConformanceResource {

  private static final Logger LOG = Logger.getLogger(ConformanceResource.class);

  /**
   * Calls every element in order and answers 200 once all were called; 400 when an element has no
   * absolute http(s) URL (nothing is called then). The harness's own answers do not matter.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response run(@Nullable List<ConformanceCase> cases) {
    if (cases == null) {
      throw new BadRequestException("a JSON array of {url, arguments} is required");
    }
    List<URI> targets = new ArrayList<>(cases.size());
    for (ConformanceCase c : cases) {
      targets.add(target(c));
    }
    for (int i = 0; i < targets.size(); i++) {
      JsonNode arguments = cases.get(i).arguments();
      call(targets.get(i), arguments == null ? NullNode.getInstance() : arguments);
    }
    return Response.ok().build();
  }

  private static URI target(@Nullable ConformanceCase c) {
    String url = c == null ? null : c.url();
    if (url == null) {
      throw new BadRequestException("every element needs a url");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("not a URL: element url", e);
    }
    String scheme = uri.getScheme();
    if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new BadRequestException("every url must be an absolute http(s) URL");
    }
    return uri;
  }

  private static void call(URI target, JsonNode arguments) {
    ConformanceTarget client =
        QuarkusRestClientBuilder.newBuilder().baseUri(target).build(ConformanceTarget.class);
    try (Response ignored = client.post(arguments)) {
      LOG.debugf("Called %s", target);
    } catch (WebApplicationException | ProcessingException e) {
      // The harness judges what it received, not how it answered; an unreachable or failing test
      // endpoint must not stop the remaining calls.
      LOG.infof("Conformance call to %s failed: %s", target, e.getMessage());
    } finally {
      if (client instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.debug("Could not close a conformance client", e);
        }
      }
    }
  }
}
