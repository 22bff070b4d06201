package io.contextkit.archunit;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The {@code CTX-*} rules as an ArchUnit JUnit suite (JUnit 5 or JUnit 6 engine), one test per
 * rule, all evaluated on the classes imported once for the including test class:
 *
 * <pre>{@code
 * @AnalyzeClasses(packagesOf = Application.class, importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *   @ArchTest static final ArchTests context = ArchTests.in(ContextRuleSuite.class);
 * }
 * }</pre>
 *
 * CTX-008 is opt-in and not part of the suite.
 */
public final class ContextRuleSuite {

  @ArchTest static final ArchRule ctx001_unmanaged_threads = ContextRules.NO_UNMANAGED_THREADS;

  @ArchTest static final ArchRule ctx002_unwrapped_executors = ContextRules.NO_UNWRAPPED_EXECUTORS;

  @ArchTest static final ArchRule ctx003_default_async_pools = ContextRules.NO_DEFAULT_ASYNC_POOLS;

  @ArchTest
  static final ArchRule ctx004_direct_identity_header_reads =
      ContextRules.NO_DIRECT_IDENTITY_HEADER_READS;

  @ArchTest static final ArchRule ctx005_manual_mdc_writes = ContextRules.NO_MANUAL_MDC_WRITES;

  @ArchTest
  static final ArchRule ctx006_unwrapped_http_clients = ContextRules.NO_UNWRAPPED_HTTP_CLIENTS;

  @ArchTest
  static final ArchRule ctx007_unwrapped_persistence = ContextRules.NO_UNWRAPPED_PERSISTENCE;

  private ContextRuleSuite() {}
}
