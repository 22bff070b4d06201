package io.contextkit.w3c;

/**
 * Writes a header to a transport-specific carrier. Implementations replace any earlier value of the
 * same name, so that injecting twice never produces duplicate headers.
 *
 * @param <C> the carrier type
 */
@FunctionalInterface
public interface HeaderSetter<C> {

  /**
   * Sets the header {@code name} to {@code value} on the carrier.
   *
   * @param carrier the carrier to write
   * @param name the header name, lowercase
   * @param value the already formatted value (printable ASCII)
   */
  void set(C carrier, String name, String value);
}
