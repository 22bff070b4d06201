package io.contextkit.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Key files for the tests. */
final class TestKeys {

  /** 32 raw bytes: 0x00, 0x01, ... 0x1f. */
  static final byte[] SECRET = sequence(32, 0);

  /** Another 32-byte key. */
  static final byte[] OTHER_SECRET = sequence(32, 100);

  private TestKeys() {}

  static Path write(Path dir, String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  static byte[] sequence(int length, int first) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (first + i);
    }
    return bytes;
  }
}
