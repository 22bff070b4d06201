package io.contextkit.benchmarks.quarkus;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

/**
 * {@code POST /quotes} {@code {"sku":"SKU-0042","quantity":3,"region":"EU"}}: the priced quote, and
 * one JSON log line per request with whatever the variant put into the MDC. A blocking method (a
 * worker thread), as the Spring MVC endpoint is.
 */
@Path("/quotes")
public class QuoteResource {

  private static final Logger LOG = Logger.getLogger(QuoteResource.class);

  private final Catalogue catalogue;

  public QuoteResource(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The request body. */
  public record QuoteRequest(String sku, int quantity, String region) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Catalogue.Quote quote(QuoteRequest request) {
    if (request == null || request.quantity() < 1) {
      throw new BadRequestException("quantity must be positive");
    }
    Catalogue.Quote quote = catalogue.price(request.sku(), request.quantity(), request.region());
    if (quote == null) {
      throw new NotFoundException("unknown sku or region");
    }
    LOG.infof(
        "quote %d x %s (%s): %d cents",
        quote.quantity(), quote.sku(), quote.region(), quote.totalCents());
    return quote;
  }
}
