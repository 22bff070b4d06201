package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaParameter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which types a class names in the annotation members it writes out. ArchUnit reports a dependency
 * for every member value of an annotation, defaults included, so {@code @SpringBootApplication}
 * alone would "use" {@code org.springframework.beans.factory.support} through its default {@code
 * nameGenerator}. A member left at its default is the annotation's choice, not the class's, and is
 * not a use.
 */
public final class AnnotationMemberUses {

  /**
   * The phrase ArchUnit puts in the description of a dependency on an annotation member's value;
   * {@link Dependency} has no public accessor for the kind of its origin.
   */
  private static final String MEMBER_DEPENDENCY = " has annotation member of type <";

  private final Set<String> explicit = new HashSet<>();

  private AnnotationMemberUses() {}

  /** The types {@code javaClass} names in explicitly written annotation members. */
  public static AnnotationMemberUses of(JavaClass javaClass) {
    AnnotationMemberUses uses = new AnnotationMemberUses();
    javaClass.getAnnotations().forEach(uses::addExplicit);
    for (JavaMember member : javaClass.getMembers()) {
      member.getAnnotations().forEach(uses::addExplicit);
      if (member instanceof JavaCodeUnit codeUnit) {
        for (JavaParameter parameter : codeUnit.getParameters()) {
          parameter.getAnnotations().forEach(uses::addExplicit);
        }
      }
    }
    return uses;
  }

  /**
   * Whether {@code dependency} comes only from an annotation member left at its default: it is an
   * annotation-member dependency and no explicitly written member names its target.
   */
  public boolean isDefaultOnly(Dependency dependency) {
    String target = dependency.getTargetClass().getBaseComponentType().getName();
    return dependency.getDescription().contains(MEMBER_DEPENDENCY + target + ">")
        && !explicit.contains(target);
  }

  private void addExplicit(JavaAnnotation<?> annotation) {
    for (Map.Entry<String, Object> property : annotation.getProperties().entrySet()) {
      if (annotation.hasExplicitlyDeclaredProperty(property.getKey())) {
        addValue(property.getValue());
      }
    }
  }

  private void addValue(Object value) {
    if (value instanceof JavaClass type) {
      explicit.add(type.getBaseComponentType().getName());
    } else if (value instanceof JavaEnumConstant constant) {
      explicit.add(constant.getDeclaringClass().getName());
    } else if (value instanceof JavaAnnotation<?> nested) {
      explicit.add(nested.getRawType().getName());
      addExplicit(nested);
    } else if (value instanceof Object[] values) {
      for (Object element : values) {
        addValue(element);
      }
    }
  }
}
