package com.example.orders;

import dev.openfeature.sdk.Client;
import org.springframework.stereotype.Component;

/**
 * The unit price, decided by the {@code new-pricing} flag of {@code application.yml}: evaluated
 * against the current request's context (tester account, user id), and recorded on it, so every
 * later log line of the request lists {@code new-pricing=on|off}.
 */
@Component
final class Pricing {

  static final String FLAG = "new-pricing";
  static final int NEW_UNIT_PRICE_CENTS = 900;
  static final int STANDARD_UNIT_PRICE_CENTS = 1000;

  private final Client flags;

  Pricing(Client flags) {
    this.flags = flags;
  }

  Price current() {
    return flags.getBooleanValue(FLAG, false)
        ? new Price(NEW_UNIT_PRICE_CENTS, "new")
        : new Price(STANDARD_UNIT_PRICE_CENTS, "standard");
  }

  /**
   * A unit price and the name of the pricing that produced it.
   *
   * @param unitPriceCents price of one item in cents
   * @param name {@code new} or {@code standard}
   */
  record Price(int unitPriceCents, String name) {}
}
