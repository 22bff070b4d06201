package io.contextkit.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur3Test {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void matchesTheReferenceVectorsForRawBytes() {
    assertThat(Murmur3.hash32(new byte[0], 0)).isEqualTo(0);
    assertThat(Murmur3.hash32(new byte[0], 1)).isEqualTo(0x514E28B7);
    assertThat(Murmur3.hash32(new byte[0], 0xffffffff)).isEqualTo(0x81F16F39);
    assertThat(Murmur3.hash32(bytes(0, 0, 0, 0), 0)).isEqualTo(0x2362F9DE);
    assertThat(Murmur3.hash32(bytes(0xff, 0xff, 0xff, 0xff), 0)).isEqualTo(0x76293B50);
    assertThat(Murmur3.hash32(bytes(0x21, 0x43, 0x65, 0x87), 0)).isEqualTo(0xF55B516B);
    assertThat(Murmur3.hash32(bytes(0x21, 0x43, 0x65), 0)).isEqualTo(0x7E4A8634);
    assertThat(Murmur3.hash32(bytes(0x21, 0x43), 0)).isEqualTo(0xA0F7B07A);
    assertThat(Murmur3.hash32(bytes(0x21), 0)).isEqualTo(0x72661CF4);
    assertThat(Murmur3.hash32("aaaa".getBytes(StandardCharsets.UTF_8), 0x9747b28c))
        .isEqualTo(0x5A97808A);
    assertThat(Murmur3.hash32("Hello, world!".getBytes(StandardCharsets.UTF_8), 0x9747b28c))
        .isEqualTo(0x24884CBA);
    assertThat(
            Murmur3.hash32(
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8),
                0x9747b28c))
        .isEqualTo(0x2FA826CD);
  }

  /** The flagd test-harness keys found by brute force to hash onto the bucketing boundaries. */
  @ParameterizedTest
  @CsvSource({
    "ejOoVL, 0x00000000",
    "bY9fO-, 0x00000001",
    "SI7p-, 0x7fffffff",
    "6LvT0, 0x80000000",
    "ceQdGm, 0xffffffff"
  })
  void hashesTheEdgeKeysOntoTheBoundaries(String key, String expectedHex) {
    int expected = Integer.parseUnsignedInt(expectedHex.substring(2), 16);
    assertThat(Murmur3.hashUtf8(key)).isEqualTo(expected);
  }

  @Test
  void streamsUtf8ExactlyLikeEncodingTheConcatenatedString() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      String a = randomString(random);
      String b = randomString(random);
      byte[] encoded = (a + b).getBytes(StandardCharsets.UTF_8);
      assertThat(Murmur3.hashUtf8(a, b)).as("%s + %s", a, b).isEqualTo(Murmur3.hash32(encoded, 0));
    }
  }

  private static String randomString(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(5)) {
        case 0:
          sb.append((char) ('a' + random.nextInt(26)));
          break;
        case 1:
          sb.append((char) (0x80 + random.nextInt(0x780))); // two-byte
          break;
        case 2:
          sb.append((char) (0x800 + random.nextInt(0xD000 - 0x800))); // three-byte
          break;
        case 3:
          sb.appendCodePoint(0x10000 + random.nextInt(0x10000)); // surrogate pair, four bytes
          break;
        default:
          sb.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogate
          break;
      }
    }
    return sb.toString();
  }
}
