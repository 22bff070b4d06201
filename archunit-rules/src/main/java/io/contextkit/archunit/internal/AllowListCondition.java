package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.contextkit.archunit.AllowList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks the dependencies of analysed classes against an {@link AllowList}. Third-party means: not
 * in the JDK, not in a package of an analysed class, and not loaded from a directory (build output
 * of this or a sibling module). Findings are grouped per (class, package) or (class, artifact), so
 * a class that calls OkHttp twenty times gets one violation that names the first use.
 *
 * <p>Stateful during one evaluation ({@link #init} resets it), so one rule instance must not be
 * evaluated concurrently.
 */
public final class AllowListCondition extends ArchCondition<JavaClass> {

  /** Which check the condition performs. */
  public enum Mode {
    /** A target is allowed when a package entry or an artifact entry covers it. */
    PACKAGES,
    /** A target is allowed only when an artifact entry covers its artifact. */
    ARTIFACTS,
    /** Reports entries that cover no dependency. */
    UNUSED_ENTRIES
  }

  private final @Nullable Supplier<String> location;
  private @Nullable String loadedFrom;
  private @Nullable AllowList allowList;
  private @Nullable String unavailable;
  private final Mode mode;
  private final ClassOrigins origins = new ClassOrigins();
  private final Set<String> ownPackages = new HashSet<>();
  private final Set<AllowList.Entry> usedEntries = new HashSet<>();

  public AllowListCondition(String description, AllowList allowList, Mode mode) {
    super(description);
    this.location = null;
    this.allowList = allowList;
    this.mode = mode;
  }

  /**
   * A condition that loads the allow-list from {@code location} when the rule is evaluated, not
   * when the rule is built: a rule held in a static field is built while a test engine discovers
   * tests, and an exception there would stop the whole suite from running. A missing or malformed
   * file becomes one violation of this rule that says what to create or fix.
   */
  public AllowListCondition(String description, Supplier<String> location, Mode mode) {
    super(description);
    this.location = location;
    this.mode = mode;
  }

  @Override
  public void init(Collection<JavaClass> allObjectsToTest) {
    ownPackages.clear();
    usedEntries.clear();
    if (location != null) {
      loadedFrom = location.get();
      try {
        allowList = AllowList.load(loadedFrom);
        unavailable = null;
      } catch (IllegalStateException | IllegalArgumentException e) {
        allowList = null;
        unavailable = e.getMessage();
      }
    }
    for (JavaClass javaClass : allObjectsToTest) {
      ownPackages.add(javaClass.getPackageName());
    }
  }

  @Override
  public void check(JavaClass javaClass, ConditionEvents events) {
    AllowList allowList = this.allowList;
    if (allowList == null) {
      return; // reported once in finish
    }
    Map<String, List<Dependency>> unlisted = new LinkedHashMap<>();
    Map<String, String> hints = new LinkedHashMap<>();
    AnnotationMemberUses annotationMembers = AnnotationMemberUses.of(javaClass);
    for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
      if (annotationMembers.isDefaultOnly(dependency)) {
        continue;
      }
      JavaClass target = dependency.getTargetClass().getBaseComponentType();
      if (target.isPrimitive() || ownPackages.contains(target.getPackageName())) {
        continue;
      }
      ClassOrigins.Origin origin = origins.of(target);
      if (origin.kind() == ClassOrigins.Kind.JDK || origin.kind() == ClassOrigins.Kind.DIRECTORY) {
        continue;
      }
      String artifact = origin.kind() == ClassOrigins.Kind.ARTIFACT ? origin.name() : null;
      AllowList.Entry packageEntry = allowList.packageEntryFor(target.getPackageName());
      AllowList.Entry artifactEntry =
          artifact == null ? null : allowList.artifactEntryFor(artifact);
      markUsed(packageEntry);
      markUsed(artifactEntry);
      if (mode == Mode.PACKAGES && packageEntry == null && artifactEntry == null) {
        String key = target.getPackageName();
        unlisted.computeIfAbsent(key, k -> new ArrayList<>()).add(dependency);
        hints.putIfAbsent(
            key,
            key
                + "..  # <reason>"
                + (artifact == null ? "" : "' or '" + artifact + "  # <reason>"));
      } else if (mode == Mode.ARTIFACTS && artifactEntry == null) {
        String key =
            artifact == null ? "unknown artifact of package " + target.getPackageName() : artifact;
        unlisted.computeIfAbsent(key, k -> new ArrayList<>()).add(dependency);
        hints.putIfAbsent(
            key,
            artifact == null
                ? "(the jar has no Maven coordinates; govern it with a package entry and DEP-001)"
                : artifact + "  # <reason>");
      }
    }
    for (Map.Entry<String, List<Dependency>> entry : unlisted.entrySet()) {
      List<Dependency> dependencies = entry.getValue();
      Dependency first = dependencies.get(0);
      String what = mode == Mode.PACKAGES ? "package" : "artifact";
      String message =
          String.format(
              "%s uses %s <%s> that is not on the allow-list %s (%d dependencies, first: %s);"
                  + " after review add '%s'",
              javaClass.getDescription(),
              what,
              entry.getKey(),
              allowList.source(),
              dependencies.size(),
              first.getDescription(),
              hints.get(entry.getKey()));
      events.add(SimpleConditionEvent.violated(javaClass, message));
    }
  }

  @Override
  public void finish(ConditionEvents events) {
    AllowList allowList = this.allowList;
    if (allowList == null) {
      String problem = unavailable == null ? "no dependency allow-list" : unavailable;
      events.add(SimpleConditionEvent.violated(String.valueOf(loadedFrom), problem));
      return;
    }
    if (mode != Mode.UNUSED_ENTRIES) {
      return;
    }
    for (AllowList.Entry entry : allowList.entries()) {
      if (!usedEntries.contains(entry)) {
        events.add(
            SimpleConditionEvent.violated(
                entry,
                String.format(
                    "allow-list entry '%s' (%s:%d, \"%s\") is used by no analysed class;"
                        + " remove it",
                    entry.pattern(), allowList.source(), entry.line(), entry.reason())));
      }
    }
  }

  private void markUsed(AllowList.@Nullable Entry entry) {
    if (entry != null) {
      usedEntries.add(entry);
    }
  }
}
