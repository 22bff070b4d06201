package io.contextkit.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.contextkit.archunit.internal.AllowListCondition;
import io.contextkit.archunit.internal.AllowListCondition.Mode;

/**
 * "Only managed dependencies": the analysed code may use only third-party code that a reviewed
 * {@link AllowList} names. The JDK, the analysed packages themselves and classes loaded from a
 * directory (the build output of this and sibling modules) need no entry.
 *
 * <pre>{@code
 * @ArchTest static final ArchRule managed = ManagedDependencyRules.all();   // reads the configured file
 * }</pre>
 *
 * Descriptions are stable ({@code DEP-00n …}) and do not name the file, so they can be frozen.
 * Artifact coordinates come from the class's location (see {@code DEP-002}); with ArchUnit's {@code
 * resolveMissingDependenciesFromClassPath=false} third-party classes have no location, and DEP-002
 * reports them as unknown rather than passing.
 */
public final class ManagedDependencyRules {

  private ManagedDependencyRules() {}

  /** The allow-list named by {@link ContextRulesConfiguration#fromArchUnitProperties()}. */
  public static AllowList configuredAllowList() {
    return AllowList.load(ContextRulesConfiguration.fromArchUnitProperties().allowList());
  }

  /**
   * DEP-001: every third-party class used is covered by a package entry, or by an artifact entry
   * for the jar it was loaded from. One violation per (class, package).
   */
  public static ArchRule onlyAllowListedPackages(AllowList allowList) {
    return packagesRule(
        new AllowListCondition("use only allow-listed packages", allowList, Mode.PACKAGES));
  }

  private static ArchRule packagesRule(AllowListCondition condition) {
    return classes()
        .should(condition)
        .as("DEP-001 only allow-listed packages")
        .because(
            "every third-party package in use was reviewed; add it to the allow-list with a reason"
                + " after review");
  }

  /**
   * DEP-002 (strict artifact governance): every third-party class used comes from a jar whose
   * {@code groupId:artifactId} is an artifact entry; package entries do not count. A jar without
   * recognisable coordinates is reported, never passed.
   */
  public static ArchRule onlyAllowListedArtifacts(AllowList allowList) {
    return classes()
        .should(
            new AllowListCondition("use only allow-listed artifacts", allowList, Mode.ARTIFACTS))
        .as("DEP-002 only allow-listed artifacts")
        .because(
            "every artifact in use was reviewed; add groupId:artifactId to the allow-list with a"
                + " reason after review");
  }

  /** DEP-003: every entry of the allow-list covers at least one dependency of the analysed code. */
  public static ArchRule noUnusedAllowListEntries(AllowList allowList) {
    return unusedEntriesRule(
        new AllowListCondition("leave no allow-list entry unused", allowList, Mode.UNUSED_ENTRIES));
  }

  private static ArchRule unusedEntriesRule(AllowListCondition condition) {
    return classes()
        .should(condition)
        .as("DEP-003 no unused allow-list entries")
        .because("an entry nothing uses is a review nobody needs; remove it");
  }

  /** DEP-001 and DEP-003 for {@code allowList}. */
  public static ArchRule all(AllowList allowList) {
    return CompositeArchRule.of(onlyAllowListedPackages(allowList))
        .and(noUnusedAllowListEntries(allowList));
  }

  private static String configuredLocation() {
    return ContextRulesConfiguration.fromArchUnitProperties().allowList();
  }

  /**
   * DEP-001 and DEP-003 for the {@linkplain #configuredAllowList() configured} allow-list, read
   * when the rule is evaluated. Building the rule never fails (it is usually a static field that a
   * test engine initialises during discovery); a missing or malformed file fails each of the two
   * rules with a message that says which file to create or fix.
   */
  public static ArchRule all() {
    return CompositeArchRule.of(
            packagesRule(
                new AllowListCondition(
                    "use only allow-listed packages",
                    ManagedDependencyRules::configuredLocation,
                    Mode.PACKAGES)))
        .and(
            unusedEntriesRule(
                new AllowListCondition(
                    "leave no allow-list entry unused",
                    ManagedDependencyRules::configuredLocation,
                    Mode.UNUSED_ENTRIES)));
  }
}
