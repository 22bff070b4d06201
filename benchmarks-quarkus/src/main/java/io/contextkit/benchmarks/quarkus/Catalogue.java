package io.contextkit.benchmarks.quarkus;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Prices a quote exactly as the Spring application's catalogue does ({@code benchmarks-http}): list
 * price from an in-memory catalogue of 1,000 SKUs, a volume discount, the region's VAT, in {@link
 * BigDecimal}. The same small piece of real work per request in every variant of both stacks.
 */
@ApplicationScoped
public class Catalogue {

  private final Map<String, BigDecimal> listPrices = new ConcurrentHashMap<>();
  private final Map<String, BigDecimal> vatRates =
      Map.of(
          "EU", new BigDecimal("0.21"), "UK", new BigDecimal("0.20"), "US", new BigDecimal("0.00"));

  public Catalogue() {
    for (int i = 0; i < 1000; i++) {
      String digits = Integer.toString(i);
      listPrices.put(
          "SKU-" + "0000".substring(digits.length()) + digits,
          BigDecimal.valueOf(500 + (i * 37L) % 9500, 2));
    }
  }

  /** The quote, or {@code null} when the SKU or region is unknown. */
  public @Nullable Quote price(String sku, int quantity, String region) {
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
  public record Quote(
      String sku,
      int quantity,
      String region,
      long unitPriceCents,
      long netCents,
      long totalCents) {}
}
