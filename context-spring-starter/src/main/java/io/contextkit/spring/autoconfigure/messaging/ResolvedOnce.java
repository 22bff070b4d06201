package io.contextkit.spring.autoconfigure.messaging;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A supplier that asks its source once, on first use, and then keeps the answer: post-processors
 * registered early resolve their collaborators (the propagator, the destinations) only when the
 * first message needs them, and never again per message. Thread-safe; concurrent first calls may
 * each ask the source, all get an equivalent answer.
 *
 * @param <T> the supplied type
 */
public final class ResolvedOnce<T> implements Supplier<T> {

  private final Supplier<T> source;
  private volatile @Nullable T value;

  private ResolvedOnce(Supplier<T> source) {
    this.source = source;
  }

  /** Wraps {@code source}; returns it unchanged when it already is a {@code ResolvedOnce}. */
  public static <T> Supplier<T> of(Supplier<T> source) {
    Objects.requireNonNull(source, "source");
    return source instanceof ResolvedOnce<T> ? source : new ResolvedOnce<>(source);
  }

  @Override
  public T get() {
    T resolved = value;
    if (resolved == null) {
      resolved = Objects.requireNonNull(source.get(), "resolved value");
      value = resolved;
    }
    return resolved;
  }
}
