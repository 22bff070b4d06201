package io.contextkit.benchmarks.http.app;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Prices a quote: list price from an in-memory catalogue, a volume discount, the region's VAT, all
 * in {@link BigDecimal} the way a real pricing service rounds money. The little bit of real work
 * every benchmarked request does, identical in every variant.
 */
@Component
final class Catalogue {

  private final Map<String, BigDecimal> listPrices = new ConcurrentHashMap<>();
  private final Map<String, BigDecimal> vatRates =
      Map.of(
          "EU", new BigDecimal("0.21"), "UK", new BigDecimal("0.20"), "US", new BigDecimal("0.00"));

  Catalogue() {
    for (int i = 0; i < 1000; i++) {
      listPrices.put(sku(i), BigDecimal.valueOf(500 + (i * 37L) % 9500, 2));
    }
  }

  /** The SKU of catalogue entry {@code i}: {@code SKU-0000} to {@code SKU-0999}. */
  static String sku(int i) {
    String digits = Integer.toString(i);
    return "SKU-" + "0000".substring(digits.length()) + digits;
  }

  /** The quote, or {@code null} when the SKU or region is unknown. */
  @Nullable Quote price(String sku, int quantity, String region) {
    BigDecimal unit = listPrices.get(sku);
    BigDecimal vat = vatRates.get(region);
    if (unit == null || vat == null) {
      return null;
    }
    BigDecimal discount =
        quantity >= 100
            ? new BigDecimal("0.10")
            : quantity >= 10 ? new BigDecimal("0.05") : BigDecimal.ZERO;
    BigDecimal net =
        unit.multiply(BigDecimal.valueOf(quantity))
            .multiply(BigDecimal.ONE.subtract(discount))
            .setScale(2, RoundingMode.HALF_EVEN);
    BigDecimal gross = net.multiply(BigDecimal.ONE.add(vat)).setScale(2, RoundingMode.HALF_EVEN);
    return new Quote(
        sku,
        quantity,
        region,
        unit.movePointRight(2).longValueExact(),
        net.movePointRight(2).longValueExact(),
        gross.movePointRight(2).longValueExact());
  }

  /** A priced quote; amounts in cents. */
  record Quote(
      String sku,
      int quantity,
      String region,
      long unitPriceCents,
      long netCents,
      long totalCents) {}
}
