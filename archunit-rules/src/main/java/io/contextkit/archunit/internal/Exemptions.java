package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Decides whether code is exempt through a {@code @ContextBypass(reason = "...")} marker. */
public final class Exemptions {

  /** Simple name of the marker; any package, so users may declare their own copy. */
  public static final String BYPASS_SIMPLE_NAME = "ContextBypass";

  private Exemptions() {}

  /**
   * Whether {@code codeUnit}, its class, an enclosing class or an enclosing code unit (for lambdas'
   * anonymous and local classes) carries a bypass marker with a non-blank reason.
   */
  public static boolean isBypassed(JavaCodeUnit codeUnit) {
    if (hasBypass(codeUnit)) {
      return true;
    }
    return isBypassed(codeUnit.getOwner());
  }

  /** Whether {@code javaClass} or anything it is declared in carries a bypass marker. */
  public static boolean isBypassed(JavaClass javaClass) {
    @Nullable JavaClass current = javaClass;
    while (current != null) {
      if (hasBypass(current)) {
        return true;
      }
      Optional<JavaCodeUnit> enclosingCodeUnit = current.getEnclosingCodeUnit();
      if (enclosingCodeUnit.isPresent() && hasBypass(enclosingCodeUnit.get())) {
        return true;
      }
      current = current.getEnclosingClass().orElse(null);
    }
    return false;
  }

  /** Whether the given annotations contain a bypass marker with a non-blank reason. */
  public static boolean containsBypass(Iterable<? extends JavaAnnotation<?>> annotations) {
    for (JavaAnnotation<?> annotation : annotations) {
      if (BYPASS_SIMPLE_NAME.equals(annotation.getRawType().getSimpleName())) {
        Optional<Object> reason = annotation.get("reason");
        if (reason.isPresent()
            && reason.get() instanceof String
            && !((String) reason.get()).isBlank()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasBypass(JavaClass javaClass) {
    return containsBypass(javaClass.getAnnotations());
  }

  private static boolean hasBypass(JavaCodeUnit codeUnit) {
    return containsBypass(codeUnit.getAnnotations());
  }
}
