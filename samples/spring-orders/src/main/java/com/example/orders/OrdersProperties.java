package com.example.orders;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the service's collaborators live ({@code orders.*}).
 *
 * @param inventoryUrl base URL of the inventory service, inside the trust boundary
 * @param paymentUrl base URL of the payment provider, a third party
 */
@ConfigurationProperties("orders")
public record OrdersProperties(String inventoryUrl, String paymentUrl) {

  /** Strips a trailing slash so that paths can be appended. */
  public OrdersProperties {
    inventoryUrl = trim(inventoryUrl);
    paymentUrl = trim(paymentUrl);
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
