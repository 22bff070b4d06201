package io.contextkit.archunit.engine;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.contextkit.archunit.ManagedDependencyRules;

/**
 * The managed-dependency line of docs/archunit.md as a user writes it, run by {@code
 * MissingAllowListDiscoveryTest} with {@code contextkit.allowList} pointing at a file that does not
 * exist. Not named *Test, so surefire does not run it on its own.
 */
@AnalyzeClasses(packages = "io.contextkit.archunit.fixtures.dep")
public class MissingAllowListSuite {

  @ArchTest static final ArchRule managed = ManagedDependencyRules.all();
}
