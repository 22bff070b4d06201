package com.example.orders;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Charges the payment provider, a third party: it receives at most {@code traceparent} and {@code
 * tracestate}, and under TRACE it is not called at all; the starter answers with the synthetic
 * response configured in {@code contextkit.trace.synthetic-responses}.
 */
@Component
final class PaymentClient {

  private final RestClient http;
  private final String url;

  PaymentClient(RestClient http, OrdersProperties properties) {
    this.http = http;
    this.url = properties.paymentUrl() + "/charges";
  }

  Charge charge(long orderId, long amountCents) {
    Charge charge =
        http.post()
            .uri(url)
            .contentType(MediaType.APPLICATION_JSON)
            .body(new ChargeRequest(orderId, amountCents))
            .retrieve()
            .body(Charge.class);
    if (charge == null) {
      throw new IllegalStateException("payment provider answered without a charge");
    }
    return charge;
  }

  record ChargeRequest(long orderId, long amountCents) {}

  record Charge(@Nullable String id, @Nullable String status) {}
}
