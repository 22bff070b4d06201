package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;

/**
 * Finds Spring {@code @Async} without a named executor, on a method or on a class. Without a name,
 * Spring runs the method on its default executor, which the context layer does not wrap.
 */
public final class AsyncWithoutExecutor implements ForbiddenUsageCondition.MemberCheck {

  private static final String ASYNC = "org.springframework.scheduling.annotation.Async";

  @Override
  public void check(JavaClass javaClass, ConditionEvents events) {
    if (isUnnamedAsync(javaClass.tryGetAnnotationOfType(ASYNC))
        && !Exemptions.isBypassed(javaClass)) {
      events.add(
          SimpleConditionEvent.satisfied(
              javaClass,
              String.format(
                  "%s is annotated with @Async without an executor name in %s",
                  javaClass.getDescription(), javaClass.getSourceCodeLocation())));
    }
    for (JavaMethod method : javaClass.getMethods()) {
      if (isUnnamedAsync(method.tryGetAnnotationOfType(ASYNC)) && !Exemptions.isBypassed(method)) {
        events.add(
            SimpleConditionEvent.satisfied(
                method,
                String.format(
                    "%s is annotated with @Async without an executor name in %s",
                    method.getDescription(), method.getSourceCodeLocation())));
      }
    }
  }

  private static boolean isUnnamedAsync(Optional<? extends JavaAnnotation<?>> annotation) {
    if (annotation.isEmpty()) {
      return false;
    }
    Optional<Object> value = annotation.get().get("value");
    return value.isEmpty() || !(value.get() instanceof String) || ((String) value.get()).isBlank();
  }
}
