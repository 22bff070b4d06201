package io.contextkit.trust;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/** Keys, clocks and fields shared by the trust tests. */
final class TestKeys {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final SignedFields FIELDS =
      new SignedFields(
          "4bf92f3577b34da6a3ce929d0e0e4736",
          "req-1",
          "user-42",
          "acct-7",
          true,
          "ENTERPRISE",
          "TRACE");

  private TestKeys() {}

  /** A 32-byte secret derived from {@code seed}, so tests read which key is which. */
  static byte[] secret(String seed) {
    byte[] secret = new byte[32];
    byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (bytes[i % bytes.length] + i);
    }
    return secret;
  }

  static byte[] secretOfLength(int length) {
    byte[] secret = new byte[length];
    Arrays.fill(secret, (byte) 0x5a);
    return secret;
  }

  static ContextSignature signature(SigningKeys keys, Clock clock) {
    return ContextSignature.builder(keys).clock(clock).build();
  }

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
