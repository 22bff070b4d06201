package io.contextkit.trust.internal;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key. Holds an initialised prototype {@link Mac} and gives each thread its own
 * clone, reused for every computation on that thread ({@code doFinal} resets it to the keyed
 * state): no provider lookup, no key schedule and no clone (~1 KB of HMAC and digest state) per
 * signature. The prototype is never updated after construction, so concurrent clones only read it.
 * The secret is held inside the JCE objects only and is never printed; a thread's clone goes when
 * the key is no longer referenced (the thread-local is weakly keyed) or the thread ends.
 */
public final class HmacKey {

  /** The MAC algorithm: HMAC-SHA256, which every Java platform must provide. */
  public static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Mac prototype;
  private final ThreadLocal<Mac> perThread = ThreadLocal.withInitial(this::copy);

  /** Creates a key from {@code secret} (copied; the caller may wipe its array afterwards). */
  public HmacKey(byte[] secret) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.prototype = newMac(key);
  }

  /** Computes HMAC-SHA256 of {@code message}. Thread-safe. */
  public byte[] mac(byte[] message) {
    Mac mac = perThread.get();
    try {
      return mac.doFinal(message);
    } catch (RuntimeException | Error e) {
      // Never reuse a Mac whose state a failed computation may have left half-updated.
      perThread.remove();
      throw e;
    }
  }

  private Mac copy() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException notCloneable) {
      return newMac(key);
    }
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
