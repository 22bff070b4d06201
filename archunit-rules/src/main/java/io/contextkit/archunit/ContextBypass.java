package io.contextkit.archunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a class, method or constructor from the {@code CTX-*} rules of {@link ContextRules}.
 *
 * <p>The exemption covers the annotated element and everything declared inside it (lambdas,
 * anonymous and nested classes). It only counts with a non-blank {@link #reason()}, so every bypass
 * is explained where it happens. The retention is {@code CLASS}: ArchUnit reads it from the
 * bytecode, nothing is kept at runtime.
 *
 * <p>Application code does not need a compile dependency on this module to use it: any annotation
 * whose simple name is {@code ContextBypass} and that has a {@code String reason()} element is
 * recognised, so a team may declare its own copy in its main code.
 *
 * <pre>{@code
 * @ContextBypass(reason = "shutdown hook runs after the last request; no context to carry")
 * void registerShutdownHook() { Runtime.getRuntime().addShutdownHook(new Thread(this::flush)); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface ContextBypass {

  /** Why the context may be bypassed here; a bypass with a blank reason does not count. */
  String reason();
}
