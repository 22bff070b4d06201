package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A condition that is <em>satisfied</em> once per forbidden usage found in a class: every access
 * (call, method or constructor reference) to a {@link TargetSpec}, plus whatever the {@link
 * MemberCheck}s report. It is meant to be negated ({@code noClasses().should(..)}): ArchUnit
 * inverts the events, so each finding becomes one violation that carries the access as its object
 * and ArchUnit's own description ({@code Method <..> calls method <..> in (File.java:12)}).
 *
 * <p>Accesses are attributed by ArchUnit to the method a lambda is written in, and to the method of
 * an anonymous class. The super-constructor call inside an anonymous subclass is skipped: the same
 * instantiation is already reported where the anonymous class is created.
 */
public final class ForbiddenUsageCondition extends ArchCondition<JavaClass> {

  /** Narrows matching accesses further, e.g. to code that also mentions an identity header. */
  @FunctionalInterface
  public interface AccessFilter {
    /** Whether a matching access is really forbidden. */
    boolean isForbidden(JavaAccess<?> access);
  }

  /** A check on members (annotations, parameters) rather than on accesses. */
  @FunctionalInterface
  public interface MemberCheck {
    /** Adds a {@code satisfied} event for each forbidden member of {@code javaClass}. */
    void check(JavaClass javaClass, ConditionEvents events);
  }

  private final List<TargetSpec> targets;
  private final @Nullable AccessFilter filter;
  private final List<MemberCheck> memberChecks;

  public ForbiddenUsageCondition(
      String description,
      List<TargetSpec> targets,
      @Nullable AccessFilter filter,
      List<MemberCheck> memberChecks) {
    super(description);
    this.targets = List.copyOf(targets);
    this.filter = filter;
    this.memberChecks = List.copyOf(memberChecks);
  }

  @Override
  public void check(JavaClass javaClass, ConditionEvents events) {
    for (JavaAccess<?> access : javaClass.getAccessesFromSelf()) {
      if (isForbidden(access)) {
        events.add(SimpleConditionEvent.satisfied(access, access.getDescription()));
      }
    }
    for (MemberCheck check : memberChecks) {
      check.check(javaClass, events);
    }
  }

  private boolean isForbidden(JavaAccess<?> access) {
    if (!matchesAnyTarget(access) || isAnonymousSuperConstructorCall(access)) {
      return false;
    }
    if (Exemptions.isBypassed(access.getOrigin())) {
      return false;
    }
    return filter == null || filter.isForbidden(access);
  }

  private boolean matchesAnyTarget(JavaAccess<?> access) {
    for (TargetSpec target : targets) {
      if (target.matches(access.getTarget())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAnonymousSuperConstructorCall(JavaAccess<?> access) {
    JavaCodeUnit origin = access.getOrigin();
    JavaClass owner = origin.getOwner();
    return origin.isConstructor()
        && owner.isAnonymousClass()
        && "<init>".equals(access.getTarget().getName())
        && owner.getRawSuperclass().isPresent()
        && owner.getRawSuperclass().get().equals(access.getTarget().getOwner());
  }
}
