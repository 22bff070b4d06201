package io.contextkit.archunit;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The fixture classes, imported once for all rule tests, and the marker bookkeeping. */
final class Fixtures {

  static final String PACKAGE = "io.contextkit.archunit.fixtures";

  static final JavaClasses CLASSES = new ClassFileImporter().importPackages(PACKAGE);

  /** The rules with only the fixtures' stand-in for the context layer sanctioned. */
  static final ContextRuleSet RULES =
      ContextRules.using(
          ContextRulesConfiguration.defaults().withSanctionedPackages(PACKAGE + ".sanctioned.."));

  private Fixtures() {}

  /** Members (and classes) marked {@code @Violates(id)}. */
  static Set<String> markedViolations(String id) {
    return marked("Violates", id);
  }

  /** Members (and classes) marked {@code @NearMiss(id)}. */
  static Set<String> markedNearMisses(String id) {
    return marked("NearMiss", id);
  }

  /** The code units (or classes) a rule evaluation reported, one entry per origin. */
  static Set<String> reportedOrigins(EvaluationResult result) {
    Set<String> origins = new TreeSet<>();
    result.handleViolations(
        (Collection<Object> objects, String message) -> {
          for (Object object : objects) {
            origins.add(originOf(object));
          }
        });
    return origins;
  }

  private static String originOf(Object object) {
    if (object instanceof JavaAccess) {
      return ((JavaAccess<?>) object).getOrigin().getFullName();
    }
    if (object instanceof JavaParameter) {
      return ((JavaParameter) object).getOwner().getFullName();
    }
    if (object instanceof JavaCodeUnit) {
      return ((JavaCodeUnit) object).getFullName();
    }
    if (object instanceof JavaClass) {
      return ((JavaClass) object).getName();
    }
    throw new IllegalStateException("unexpected violating object " + object);
  }

  private static Set<String> marked(String marker, String id) {
    String markerType = PACKAGE + "." + marker;
    Set<String> marked = new TreeSet<>();
    for (JavaClass javaClass : CLASSES) {
      if (carries(javaClass.tryGetAnnotationOfType(markerType), id)) {
        marked.add(javaClass.getName());
      }
      for (JavaCodeUnit codeUnit : javaClass.getCodeUnits()) {
        if (carries(codeUnit.tryGetAnnotationOfType(markerType), id)) {
          marked.add(codeUnit.getFullName());
        }
      }
    }
    return marked;
  }

  private static boolean carries(Optional<? extends JavaAnnotation<?>> annotation, String id) {
    if (annotation.isEmpty()) {
      return false;
    }
    Object value = annotation.get().get("value").orElseThrow();
    return List.of((Object[]) value).contains(id);
  }
}
