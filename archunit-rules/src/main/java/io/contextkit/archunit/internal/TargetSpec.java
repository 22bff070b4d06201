package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which access targets a rule forbids: an owner type (matched by name, including subtypes), and the
 * constructors or methods of it. Types are named as strings so that neither this module nor its
 * users need the third-party library on the classpath; when the library is absent, nothing can
 * reference it and the spec simply never matches.
 */
public final class TargetSpec {

  private static final String CONSTRUCTOR = "<init>";

  private final String ownerName;
  private final Set<String> names;
  private final @Nullable String namePrefix;
  private final @Nullable String nameSuffix;
  private final @Nullable String lastParameterMustNotBe;

  private TargetSpec(
      String ownerName,
      Set<String> names,
      @Nullable String namePrefix,
      @Nullable String nameSuffix,
      @Nullable String lastParameterMustNotBe) {
    this.ownerName = Objects.requireNonNull(ownerName, "ownerName");
    this.names = Set.copyOf(names);
    this.namePrefix = namePrefix;
    this.nameSuffix = nameSuffix;
    this.lastParameterMustNotBe = lastParameterMustNotBe;
  }

  /** Constructors of {@code ownerName} and of every subtype. */
  public static TargetSpec constructors(String ownerName) {
    return new TargetSpec(ownerName, Set.of(CONSTRUCTOR), null, null, null);
  }

  /** The named methods of {@code ownerName} (any overload), also when called through a subtype. */
  public static TargetSpec methods(String ownerName, String... names) {
    return new TargetSpec(ownerName, Set.of(names), null, null, null);
  }

  /** Every method of {@code ownerName} whose name starts with {@code prefix}. */
  public static TargetSpec methodsStartingWith(String ownerName, String prefix) {
    return new TargetSpec(ownerName, Set.of(), prefix, null, null);
  }

  /** Every method of {@code ownerName} whose name ends with {@code suffix}. */
  public static TargetSpec methodsEndingWith(String ownerName, String suffix) {
    return new TargetSpec(ownerName, Set.of(), null, suffix, null);
  }

  /** Every method (not constructor) of {@code ownerName}. */
  public static TargetSpec allMethods(String ownerName) {
    return new TargetSpec(ownerName, Set.of(), "", null, null);
  }

  /** The same spec, restricted to overloads whose last parameter is not of the given type. */
  public TargetSpec unlessLastParameterIs(String typeName) {
    return new TargetSpec(ownerName, names, namePrefix, nameSuffix, typeName);
  }

  /** Whether an access to {@code target} is forbidden by this spec. */
  public boolean matches(AccessTarget target) {
    if (!(target instanceof CodeUnitAccessTarget)) {
      return false;
    }
    String name = target.getName();
    if (!matchesName(name)) {
      return false;
    }
    JavaClass owner = target.getOwner();
    if (!owner.getName().equals(ownerName) && !owner.isAssignableTo(ownerName)) {
      return false;
    }
    if (lastParameterMustNotBe != null) {
      List<JavaClass> parameters = ((CodeUnitAccessTarget) target).getRawParameterTypes();
      return parameters.isEmpty()
          || !parameters.get(parameters.size() - 1).getName().equals(lastParameterMustNotBe);
    }
    return true;
  }

  private boolean matchesName(String name) {
    if (names.contains(name)) {
      return true;
    }
    if (CONSTRUCTOR.equals(name)) {
      return false;
    }
    if (namePrefix != null && name.startsWith(namePrefix)) {
      return true;
    }
    return nameSuffix != null && name.endsWith(nameSuffix) && name.length() > nameSuffix.length();
  }

  @Override
  public String toString() {
    return ownerName + "." + (names.isEmpty() ? "*" : String.join("|", names));
  }
}
