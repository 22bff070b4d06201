package io.contextkit.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-thread reused Mac must compute exactly what a fresh HMAC-SHA256 computes, every time. */
class HmacKeyTest {

  // RFC 4231, test case 2.
  private static final byte[] JEFE = "Jefe".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MESSAGE =
      "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
  private static final String EXPECTED =
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

  @Test
  void computesTheRfc4231TestVector() {
    assertThat(hex(new HmacKey(JEFE).mac(MESSAGE))).isEqualTo(EXPECTED);
  }

  @Test
  void reusingTheThreadsMacGivesTheSameResultEveryTime() {
    HmacKey key = new HmacKey(JEFE);
    byte[] other = "something else".getBytes(StandardCharsets.US_ASCII);
    String first = hex(key.mac(MESSAGE));
    String between = hex(key.mac(other));
    String again = hex(key.mac(MESSAGE));

    assertThat(first).isEqualTo(EXPECTED).isEqualTo(again);
    assertThat(between).isNotEqualTo(EXPECTED).isEqualTo(hex(new HmacKey(JEFE).mac(other)));
  }

  @Test
  void twoKeysOnOneThreadDoNotShareState() {
    HmacKey jefe = new HmacKey(JEFE);
    HmacKey other = new HmacKey("another secret".getBytes(StandardCharsets.US_ASCII));

    String otherMac = hex(other.mac(MESSAGE));

    assertThat(hex(jefe.mac(MESSAGE))).isEqualTo(EXPECTED);
    assertThat(otherMac).isNotEqualTo(EXPECTED).isEqualTo(hex(other.mac(MESSAGE)));
  }

  @Test
  void threadsComputingAtOnceAllGetTheRightMac() throws Exception {
    HmacKey key = new HmacKey(JEFE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  boolean allRight = true;
                  for (int i = 0; i < 2_000; i++) {
                    allRight &= hex(key.mac(MESSAGE)).equals(EXPECTED);
                  }
                  return allRight;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
