package io.contextkit.testing.property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generators of HMAC key rings as a deployment configures them: key ids of the header's alphabet
 * ({@code [A-Za-z0-9._-]{1,32}}) and ids that are not, secrets of at least 32 bytes and shorter
 * ones, rings of several distinct keys with one of them active.
 */
public final class KeyRings {

  /** The characters a key id may hold. */
  public static final Alphabet KEY_ID_CHARS =
      Alphabet.range('A', 'Z')
          .and(Alphabet.range('a', 'z'))
          .and(Alphabet.range('0', '9'))
          .and("._-");

  /** The shortest secret a ring accepts. */
  public static final int MIN_SECRET_BYTES = 32;

  private KeyRings() {}

  /** A ring: key ids in insertion order mapped to their secrets, and the id that signs. */
  public record KeyRing(String activeKeyId, Map<String, byte[]> keys) {
    public KeyRing {
      keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
      if (!keys.containsKey(activeKeyId)) {
        throw new IllegalArgumentException("active key " + activeKeyId + " is not in the ring");
      }
    }

    /** The secret of {@code keyId}, a copy. */
    public byte[] secret(String keyId) {
      return keys.get(keyId).clone();
    }

    /** The key ids other than the active one. */
    public List<String> inactiveKeyIds() {
      List<String> ids = new ArrayList<>(keys.keySet());
      ids.remove(activeKeyId);
      return ids;
    }
  }

  /** Valid key ids, 1 to 32 characters. */
  public static Gen<String> keyIds() {
    return KEY_ID_CHARS.strings(1, 32);
  }

  /**
   * Key ids a ring must refuse: empty, 33 to 40 characters, or holding one character outside the
   * alphabet (a header separator, white space, a control character, non-ASCII).
   */
  public static Gen<String> invalidKeyIds() {
    Gen<String> valid = keyIds();
    Gen<Character> foreign = Alphabet.of(";=, \t\r\n\u0000/+:@\u00e9\ud83d").chars();
    Gen<Integer> positions = Gen.ints(0, 32);
    return Gen.oneOf(
        Gen.constant(""),
        KEY_ID_CHARS.strings(33, 40),
        c -> {
          String id = valid.generate(c);
          int at = positions.generate(c) % (id.length() + 1);
          return id.substring(0, at) + foreign.generate(c) + id.substring(at);
        });
  }

  /** Secrets of 32 to 64 bytes. */
  public static Gen<byte[]> secrets() {
    return Gen.bytes(MIN_SECRET_BYTES, 64);
  }

  /** Secrets shorter than 32 bytes. */
  public static Gen<byte[]> shortSecrets() {
    return Gen.bytes(0, MIN_SECRET_BYTES - 1);
  }

  /** Rings of {@code minKeys} to {@code maxKeys} keys with distinct ids, one of them active. */
  public static Gen<KeyRing> rings(int minKeys, int maxKeys) {
    if (minKeys < 1) {
      throw new IllegalArgumentException("a ring has at least one key");
    }
    Gen<Map<String, byte[]>> keys = Gen.maps(keyIds(), secrets(), minKeys, maxKeys);
    return c -> {
      Map<String, byte[]> ring = keys.generate(c);
      List<String> ids = new ArrayList<>(ring.keySet());
      String active = ids.get((int) c.choose(ids.size()));
      return new KeyRing(active, ring);
    };
  }
}
