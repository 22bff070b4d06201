package io.contextkit.dependencies.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void everyValueFallsInABucketWhoseBoundsHoldIt() {
    for (long micros = 0; micros < 5_000_000; micros += 1 + micros / 50) {
      int bucket = LatencyHistogram.bucket(micros);
      assertThat(LatencyHistogram.upperBound(bucket)).isGreaterThanOrEqualTo(micros);
      if (bucket > 0) {
        assertThat(LatencyHistogram.upperBound(bucket - 1)).isLessThan(micros);
      }
    }
  }

  @Test
  void bucketsAreAtMostAnEighthWide() {
    for (int bucket = 17; bucket < LatencyHistogram.BUCKETS; bucket++) {
      long lower = LatencyHistogram.upperBound(bucket - 1) + 1;
      long upper = LatencyHistogram.upperBound(bucket);
      assertThat(upper - lower + 1).isLessThanOrEqualTo(lower / 8 + 1);
    }
  }

  @Test
  void hugeValuesLandInTheLastBucketAndNegativeOnesAreIgnored() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.recordNanos(Long.MAX_VALUE);
    histogram.recordNanos(-5);
    assertThat(histogram.count()).isEqualTo(1);
    assertThat(histogram.quantileMicros(0.5))
        .isEqualTo(LatencyHistogram.upperBound(LatencyHistogram.BUCKETS - 1));
  }

  @Test
  void answersMinusOneWhenEmpty() {
    assertThat(new LatencyHistogram().quantileMicros(0.99)).isEqualTo(-1);
  }
}
