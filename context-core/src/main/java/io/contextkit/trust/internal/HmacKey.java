package io.contextkit.trust.internal;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key. Holds an initialised prototype {@link Mac} and clones it per computation,
 * which skips the provider lookup and key schedule that {@code Mac.getInstance} + {@code init}
 * would repeat on every call. The prototype is never updated after construction, so concurrent
 * clones only read it. The secret is held inside the JCE objects only and is never printed.
 */
public final class HmacKey {

  /** The MAC algorithm: HMAC-SHA256, which every Java platform must provide. */
  public static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Mac prototype;

  /** Creates a key from {@code secret} (copied; the caller may wipe its array afterwards). */
  public HmacKey(byte[] secret) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.prototype = newMac(key);
  }

  /** Computes HMAC-SHA256 of {@code message}. Thread-safe. */
  public byte[] mac(byte[] message) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException notCloneable) {
      mac = newMac(key);
    }
    return mac.doFinal(message);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(ALGORITHM + " is not available on this Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "HmacKey[" + ALGORITHM + ", secret hidden]";
  }
}
