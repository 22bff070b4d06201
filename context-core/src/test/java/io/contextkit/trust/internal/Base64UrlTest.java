package io.contextkit.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testing.property.Alphabet;
import io.contextkit.testing.property.ForAll;
import io.contextkit.testing.property.Gen;
import java.util.Base64;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class Base64UrlTest {

  @TestFactory
  DynamicNode decodesWhatItEncodes() {
    return ForAll.of(Gen.bytes(1, 70))
        .tries(2_000)
        .examples(
            new byte[] {0},
            new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xfb, (byte) 0xff},
            new byte[70])
        .check(
            bytes -> {
              String text = Base64Url.encode(bytes);

              assertThat(text).doesNotContain("=", "+", "/");
              assertThat(Base64Url.decode(text, 0, text.length())).isEqualTo(bytes);
            });
  }

  @TestFactory
  DynamicNode acceptsOnlyTheOneCanonicalFormTheJdkWouldWrite() {
    Gen<String> text =
        Gen.oneOf(
            Alphabet.ALL.strings(0, 255),
            Alphabet.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=")
                .strings(0, 12));
    return ForAll.of(text)
        .tries(3_000)
        .examples("", "A", "AA", "AB", "AAA", "AAB", "_w", "_x", "AA==", "\u00e9")
        .check(
            t -> {
              byte[] decoded = Base64Url.decode(t, 0, t.length());

              if (decoded != null) {
                assertThat(Base64Url.encode(decoded)).isEqualTo(t);
              }
            });
  }

  @Test
  void rejectsNonZeroTrailingBitsThatTheJdkDecoderTolerates() {
    String canonical = Base64Url.encode(new byte[] {(byte) 0xff});
    String sloppy = "_w"; // same byte, but the last character carries non-zero padding bits

    assertThat(canonical).isEqualTo("_w");
    assertThat(Base64.getUrlDecoder().decode("_x")).containsExactly((byte) 0xff);
    assertThat(Base64Url.decode(sloppy, 0, 2)).containsExactly((byte) 0xff);
    assertThat(Base64Url.decode("_x", 0, 2)).isNull();
  }

  @Test
  void rejectsPaddingForeignAlphabetAndImpossibleLengths() {
    assertThat(Base64Url.decode("AA==", 0, 4)).isNull();
    assertThat(Base64Url.decode("AB+/", 0, 4)).isNull();
    assertThat(Base64Url.decode("AAAAA", 0, 5)).isNull();
    assertThat(Base64Url.decode("", 0, 0)).isNull();
    assertThat(Base64Url.decode("AA\u00e9A", 0, 4)).isNull();
  }
}
