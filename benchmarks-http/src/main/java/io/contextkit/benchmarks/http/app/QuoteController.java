package io.contextkit.benchmarks.http.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /quotes} {@code {"sku":"SKU-0042","quantity":3,"region":"EU"}}: the priced quote. */
@RestController
final class QuoteController {

  private static final Logger LOG = LoggerFactory.getLogger(QuoteController.class);

  private final Catalogue catalogue;

  QuoteController(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  @PostMapping("/quotes")
  Catalogue.Quote quote(@RequestBody QuoteRequest request) {
    if (request.quantity() < 1) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "quantity must be positive");
    }
    Catalogue.Quote quote = catalogue.price(request.sku(), request.quantity(), request.region());
    if (quote == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown sku or region");
    }
    // The one log line per request; whatever the variant put in the MDC goes with it.
    LOG.info(
        "quote {} x {} ({}): {} cents",
        quote.quantity(),
        quote.sku(),
        quote.region(),
        quote.totalCents());
    return quote;
  }

  /** The request body. */
  record QuoteRequest(String sku, int quantity, String region) {}
}
