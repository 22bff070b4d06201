package io.contextkit.archunit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StringConstantsTest {

  /**
   * Methods whose string constants follow variable-length instructions. (Not {@code "a" + x}: javac
   * compiles that to an invokedynamic recipe, not to an {@code ldc} of "a".)
   */
  @SuppressWarnings("unused")
  static final class Sample {
    static String afterTableSwitch(int value) {
      switch (value) {
        case 1 -> value += 10;
        case 2 -> value += 20;
        case 3 -> value += 30;
        case 4 -> value += 40;
        default -> value = 0;
      }
      return "after-table".concat(String.valueOf(value));
    }

    static String afterLookupSwitch(int value) {
      switch (value) {
        case 10 -> value += 1;
        case 1_000 -> value += 2;
        case 100_000 -> value += 3;
        default -> value = 0;
      }
      return "after-lookup".concat(String.valueOf(value));
    }

    static String afterWideConstants(long seed) {
      long big = 123_456_789_012L + seed;
      double ratio = 0.123456789 * big;
      return "after-long".concat(String.valueOf(ratio));
    }
  }

  private static StringConstants sample() throws IOException {
    try (InputStream in =
        StringConstantsTest.class.getResourceAsStream("StringConstantsTest$Sample.class")) {
      return StringConstants.parse(in.readAllBytes());
    }
  }

  @Test
  void findsConstantsAfterTableAndLookupSwitches() throws IOException {
    StringConstants constants = sample();

    assertThat(constants.of("afterTableSwitch", "(I)Ljava/lang/String;")).contains("after-table");
    assertThat(constants.of("afterLookupSwitch", "(I)Ljava/lang/String;")).contains("after-lookup");
  }

  @Test
  void findsConstantsAfterLongAndDoubleLoads() throws IOException {
    assertThat(sample().of("afterWideConstants", "(J)Ljava/lang/String;")).contains("after-long");
  }

  @Test
  void keepsConstantsOfOneMethodOutOfAnother() throws IOException {
    assertThat(sample().of("afterTableSwitch", "(I)Ljava/lang/String;"))
        .doesNotContain("after-lookup", "after-long");
  }

  @Test
  void rejectsBytesThatAreNotAClassFile() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StringConstants.parse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .isInstanceOf(IOException.class)
        .hasMessage("not a class file");
  }
}
