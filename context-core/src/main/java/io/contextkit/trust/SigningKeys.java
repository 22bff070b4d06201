package io.contextkit.trust;

import io.contextkit.trust.internal.HmacKey;
import io.contextkit.trust.internal.SignatureHeader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable ring of HMAC-SHA256 keys shared by the services of one deployment: one active key id
 * signs, every key in the ring is accepted for verification.
 *
 * <p>Rotation without a flag day: (1) add the new key to every service ({@link #withKey}), (2) make
 * it active everywhere ({@link #withActiveKey}), (3) once no signature made with the old key can
 * still be in flight (its TTL plus clock skew), remove the old key ({@link #withoutKey}).
 *
 * <p>Key ids match {@code [A-Za-z0-9._-]{1,32}} (they travel in the header); secrets are at least
 * {@value #MIN_SECRET_BYTES} bytes (the HMAC-SHA256 output size; shorter keys weaken the MAC).
 * Secrets are copied on the way in, never exposed, and never appear in {@link #toString()}.
 * Thread-safe.
 *
 * <pre>{@code
 * SigningKeys keys = SigningKeys.builder()
 *     .key("2025-06", newSecret)
 *     .key("2025-01", oldSecret)
 *     .activeKeyId("2025-06")
 *     .build();
 * }</pre>
 */
public final class SigningKeys {

  /** Minimum secret length in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  private final String activeKeyId;
  private final Map<String, HmacKey> keys;

  private SigningKeys(String activeKeyId, Map<String, HmacKey> keys) {
    this.activeKeyId = activeKeyId;
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /** A ring of exactly one key, which is active. */
  public static SigningKeys of(String keyId, byte[] secret) {
    return builder().key(keyId, secret).activeKeyId(keyId).build();
  }

  /** A builder for a ring of several keys. */
  public static Builder builder() {
    return new Builder();
  }

  /** The id of the key new signatures are made with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  /** The ids of all keys accepted for verification, in the order they were added. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /** Whether a key with this id is accepted for verification. */
  public boolean contains(String keyId) {
    return keys.containsKey(keyId);
  }

  /**
   * A ring that also accepts {@code keyId}; the active key is unchanged.
   *
   * @throws IllegalArgumentException when the id is invalid or already present, or the secret is
   *     too short
   */
  public SigningKeys withKey(String keyId, byte[] secret) {
    Map<String, HmacKey> copy = new LinkedHashMap<>(keys);
    Builder.add(copy, keyId, secret);
    return new SigningKeys(activeKeyId, copy);
  }

  /**
   * A ring that signs with {@code keyId}, which must already be in the ring.
   *
   * @throws IllegalArgumentException when the ring has no such key
   */
  public SigningKeys withActiveKey(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (!keys.containsKey(keyId)) {
      throw new IllegalArgumentException(
          "Cannot activate signing key '" + keyId + "': it is not in the ring " + keys.keySet());
    }
    return new SigningKeys(keyId, keys);
  }

  /**
   * A ring that no longer accepts {@code keyId}.
   *
   * @throws IllegalArgumentException when {@code keyId} is the active key or not in the ring
   */
  public SigningKeys withoutKey(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.equals(activeKeyId)) {
      throw new IllegalArgumentException(
          "Cannot remove signing key '"
              + keyId
              + "': it is the active key; activate another first");
    }
    if (!keys.containsKey(keyId)) {
      throw new IllegalArgumentException(
          "Cannot remove signing key '" + keyId + "': it is not in the ring " + keys.keySet());
    }
    Map<String, HmacKey> copy = new LinkedHashMap<>(keys);
    copy.remove(keyId);
    return new SigningKeys(activeKeyId, copy);
  }

  HmacKey activeKey() {
    return keys.get(activeKeyId);
  }

  @Nullable HmacKey key(String keyId) {
    return keys.get(keyId);
  }

  /** Key ids only; never secrets. */
  @Override
  public String toString() {
    return "SigningKeys{active=" + activeKeyId + ", keyIds=" + keys.keySet() + "}";
  }

  /** Builds a {@link SigningKeys}; not thread-safe. */
  public static final class Builder {

    private final Map<String, HmacKey> keys = new LinkedHashMap<>();
    private @Nullable String activeKeyId;

    private Builder() {}

    /**
     * Adds a key accepted for verification.
     *
     * @throws IllegalArgumentException naming the key id when the id is invalid or repeated or the
     *     secret is shorter than {@value SigningKeys#MIN_SECRET_BYTES} bytes
     */
    public Builder key(String keyId, byte[] secret) {
      add(keys, keyId, secret);
      return this;
    }

    /**
     * Sets the id of the key that signs; it must be added with {@link #key} before {@link #build}.
     */
    public Builder activeKeyId(String keyId) {
      this.activeKeyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /**
     * Builds the ring.
     *
     * @throws IllegalStateException when no active key id was set
     * @throws IllegalArgumentException when the active key id was not added
     */
    public SigningKeys build() {
      if (activeKeyId == null) {
        throw new IllegalStateException("No active signing key id set; call activeKeyId(...)");
      }
      if (!keys.containsKey(activeKeyId)) {
        throw new IllegalArgumentException(
            "Active signing key '" + activeKeyId + "' is not among the keys " + keys.keySet());
      }
      return new SigningKeys(activeKeyId, keys);
    }

    static void add(Map<String, HmacKey> keys, String keyId, byte[] secret) {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(secret, "secret");
      if (!SignatureHeader.isValidKeyId(keyId)) {
        throw new IllegalArgumentException(
            "Invalid signing key id '"
                + keyId
                + "': use 1 to 32 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
      }
      if (secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "Signing key '"
                + keyId
                + "' is "
                + secret.length
                + " bytes long; at least "
                + MIN_SECRET_BYTES
                + " bytes are required");
      }
      if (keys.containsKey(keyId)) {
        throw new IllegalArgumentException("Duplicate signing key id '" + keyId + "'");
      }
      keys.put(keyId, new HmacKey(secret));
    }
  }
}
