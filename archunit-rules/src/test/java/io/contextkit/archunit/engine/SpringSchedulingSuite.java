package io.contextkit.archunit.engine;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.contextkit.archunit.ContextRuleSuite;

/**
 * The ready-made suite as a user includes it, run by {@code ArchUnitEngineWiringTest} through the
 * ArchUnit JUnit engine over Spring's scheduling classes (outside io.contextkit, and they do build
 * thread pools). Not named *Test, so surefire does not run it on its own.
 */
@AnalyzeClasses(packages = "org.springframework.scheduling.concurrent")
public class SpringSchedulingSuite {

  @ArchTest static final ArchTests context = ArchTests.in(ContextRuleSuite.class);
}
