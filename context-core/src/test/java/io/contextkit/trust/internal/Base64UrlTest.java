package io.contextkit.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

  @Property(tries = 2_000)
  void decodesWhatItEncodes(@ForAll @Size(min = 1, max = 70) byte[] bytes) {
    String text = Base64Url.encode(bytes);

    assertThat(text).doesNotContain("=", "+", "/");
    assertThat(Base64Url.decode(text, 0, text.length())).isEqualTo(bytes);
  }

  @Property(tries = 3_000)
  void acceptsOnlyTheOneCanonicalFormTheJdkWouldWrite(@ForAll String text) {
    byte[] decoded = Base64Url.decode(text, 0, text.length());

    if (decoded != null) {
      assertThat(Base64Url.encode(decoded)).isEqualTo(text);
    }
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
