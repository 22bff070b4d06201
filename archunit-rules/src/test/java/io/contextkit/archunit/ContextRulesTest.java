package io.contextkit.archunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContextRulesTest {

  private static final String FIXTURES = "io\\.contextkit\\.archunit\\.fixtures\\.";

  @Test
  void pinsEveryDescriptionBecauseFrozenStoresAreKeyedByIt() {
    assertThat(ContextRules.NO_UNMANAGED_THREADS.getDescription())
        .isEqualTo(
            "CTX-001 no unmanaged threads, because a thread started outside the context layer"
                + " runs without the request context; submit the work to an executor wrapped by"
                + " ContextKit's context layer");
    assertThat(ContextRules.NO_UNWRAPPED_EXECUTORS.getDescription())
        .isEqualTo(
            "CTX-002 no unwrapped executors, because tasks on a pool built by hand lose the"
                + " request context; inject the application's executor or wrap the pool with"
                + " ContextKit's executor wrapping");
    assertThat(ContextRules.NO_DEFAULT_ASYNC_POOLS.getDescription())
        .isEqualTo(
            "CTX-003 no default async pools, because the default pools (ForkJoinPool.commonPool,"
                + " Spring's default @Async executor) do not carry the request context; pass a"
                + " wrapped executor (supplyAsync(task, executor), @Async(\"executorBean\")) and"
                + " keep streams sequential");
    assertThat(ContextRules.NO_DIRECT_IDENTITY_HEADER_READS.getDescription())
        .isEqualTo(
            "CTX-004 no direct identity header reads, because identity in a request header is"
                + " untrusted until the trust policy accepted it; read user and account from the"
                + " RequestContext built by ContextKit's inbound filter");
    assertThat(ContextRules.NO_MANUAL_MDC_WRITES.getDescription())
        .isEqualTo(
            "CTX-005 no manual MDC writes, because the MDC is a projection of the request context"
                + " that ContextKit writes and restores; open a context scope to change what is"
                + " logged");
    assertThat(ContextRules.NO_UNWRAPPED_HTTP_CLIENTS.getDescription())
        .isEqualTo(
            "CTX-006 no unwrapped HTTP clients, because a client built by hand sends neither the"
                + " context nor the TRACE guard; inject the client or builder wired by ContextKit"
                + " (RestClient.Builder, WebClient.Builder, RestTemplateBuilder, the REST client of"
                + " Quarkus)");
    assertThat(ContextRules.NO_UNWRAPPED_PERSISTENCE.getDescription())
        .isEqualTo(
            "CTX-007 no unwrapped persistence, because connections and entity managers opened by"
                + " hand bypass the TRACE guards; use the DataSource and EntityManager wired by"
                + " ContextKit");
    assertThat(ContextRules.NO_THREAD_LOCALS_OUTSIDE_CONTEXT_LAYER.getDescription())
        .isEqualTo(
            "CTX-008 no thread locals outside the context layer, because a ThreadLocal is not"
                + " carried to other threads and leaks between requests on pooled threads; keep"
                + " request state on the RequestContext");
  }

  @Test
  void descriptionsDoNotDependOnTheConfiguration() {
    ContextRuleSet other =
        ContextRules.using(
            ContextRulesConfiguration.defaults()
                .withSanctionedPackages("com.acme..")
                .withIdentityHeaders("X-Acme-User"));

    assertThat(other.rules())
        .extracting(ArchRule::getDescription)
        .containsExactlyElementsOf(
            Fixtures.RULES.rules().stream().map(ArchRule::getDescription).toList());
  }

  @Test
  void allCombinesTheSevenDefaultRulesButNotTheOptInOne() {
    assertThat(Fixtures.RULES.rules()).hasSize(7);
    assertThat(ContextRules.all().getDescription())
        .contains("CTX-001", "CTX-002", "CTX-003", "CTX-004", "CTX-005", "CTX-006", "CTX-007")
        .doesNotContain("CTX-008");
  }

  @Test
  void defaultConfigurationExemptsContextKitsOwnPackages() {
    // Every fixture lives below io.contextkit, the context layer sanctioned by default.
    assertThat(ContextRules.all().evaluate(Fixtures.CLASSES).hasViolation()).isFalse();
    assertThat(Fixtures.RULES.all().evaluate(Fixtures.CLASSES).hasViolation()).isTrue();
  }

  @Test
  void configuredIdentityHeadersReplaceTheDefaults() {
    ArchRule rule =
        ContextRules.using(
                ContextRulesConfiguration.defaults()
                    .withSanctionedPackages()
                    .withIdentityHeaders("accept-language"))
            .noDirectIdentityHeaderReads();

    assertThat(Fixtures.reportedOrigins(rule.evaluate(Fixtures.CLASSES)))
        .containsExactlyInAnyOrder(
            "io.contextkit.archunit.fixtures.ctx004.HeaderFixtures.readsAnOrdinaryHeader(jakarta.servlet.http.HttpServletRequest)",
            "io.contextkit.archunit.fixtures.ctx004.HeaderFixtures.bindsAnOrdinaryHeader(java.lang.String)");
  }

  @Test
  void readsNamespacedKeysFromArchUnitProperties() {
    ArchConfiguration configuration = ArchConfiguration.get();
    try {
      configuration.setProperty(
          "contextkit.sanctionedPackages", "com.acme.context.., com.acme.http..");
      configuration.setProperty("contextkit.identityHeaders", "X-Acme-User");
      configuration.setProperty("contextkit.allowList", "config/deps.txt");

      assertThat(ContextRulesConfiguration.fromArchUnitProperties())
          .isEqualTo(
              new ContextRulesConfiguration(
                  List.of("io.contextkit..", "com.acme.context..", "com.acme.http.."),
                  List.of("X-Acme-User"),
                  "config/deps.txt"));
    } finally {
      configuration.reset();
    }
    assertThat(ContextRulesConfiguration.fromArchUnitProperties())
        .isEqualTo(ContextRulesConfiguration.defaults());
  }

  static Stream<Arguments> oneViolationPerRule() {
    ContextRuleSet rules = Fixtures.RULES;
    return Stream.of(
        Arguments.of(
            rules.noUnmanagedThreads(),
            "Method <"
                + FIXTURES
                + "ctx001\\.ThreadFixtures\\.direct\\(java\\.lang\\.Runnable\\)>"
                + " calls constructor <java\\.lang\\.Thread\\.<init>\\(java\\.lang\\.Runnable\\)>"
                + " in \\(ThreadFixtures\\.java:\\d+\\)"),
        Arguments.of(
            rules.noUnwrappedExecutors(),
            "Method <"
                + FIXTURES
                + "ctx002\\.ExecutorFixtures\\.methodReference\\(\\)> references"
                + " method <java\\.util\\.concurrent\\.Executors\\.newCachedThreadPool\\(\\)> in"
                + " \\(ExecutorFixtures\\.java:\\d+\\)"),
        Arguments.of(
            rules.noDefaultAsyncPools(),
            "Method <"
                + FIXTURES
                + "ctx003\\.AsyncFixtures\\.asyncWithoutExecutorName\\(\\)> is"
                + " annotated with @Async without an executor name in \\(AsyncFixtures\\.java:\\d+\\)"),
        Arguments.of(
            rules.noDirectIdentityHeaderReads(),
            "Method <"
                + FIXTURES
                + "ctx004\\.HeaderFixtures\\.springHandler\\(java\\.lang\\.String\\)>"
                + " binds identity header <X-User-Id> to parameter 0 in \\(HeaderFixtures\\.java:\\d+\\)"),
        Arguments.of(
            rules.noManualMdcWrites(),
            "Method <"
                + FIXTURES
                + "ctx005\\.MdcFixtures\\.direct\\(\\)> calls method"
                + " <org\\.slf4j\\.MDC\\.put\\(java\\.lang\\.String, java\\.lang\\.String\\)> in"
                + " \\(MdcFixtures\\.java:\\d+\\)"),
        Arguments.of(
            rules.noUnwrappedHttpClients(),
            "Method <"
                + FIXTURES
                + "ctx006\\.HttpFixtures\\.constructorReference\\(\\)> references"
                + " constructor <org\\.springframework\\.web\\.client\\.RestTemplate\\.<init>\\(\\)>"
                + " in \\(HttpFixtures\\.java:\\d+\\)"),
        Arguments.of(
            rules.noUnwrappedPersistence(),
            "Method <"
                + FIXTURES
                + "ctx007\\.PersistenceFixtures\\.direct\\(java\\.lang\\.String\\)>"
                + " calls method <java\\.sql\\.DriverManager\\.getConnection\\(java\\.lang\\.String\\)>"
                + " in \\(PersistenceFixtures\\.java:\\d+\\)"),
        Arguments.of(
            rules.noThreadLocalsOutsideContextLayer(),
            "Method <"
                + FIXTURES
                + "ctx008\\.ThreadLocalFixtures\\.staticImport\\(\\)> calls method"
                + " <java\\.lang\\.ThreadLocal\\.withInitial\\(java\\.util\\.function\\.Supplier\\)>"
                + " in \\(ThreadLocalFixtures\\.java:\\d+\\)"));
  }

  @ParameterizedTest
  @MethodSource("oneViolationPerRule")
  void reportsAFullViolationMessage(ArchRule rule, String detailPattern) {
    assertThatThrownBy(() -> rule.check(Fixtures.CLASSES))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Architecture Violation [Priority: MEDIUM] - Rule '"
                + rule.getDescription()
                + "' was violated (")
        .hasMessageMatching("(?s).*\\n" + detailPattern + "(\\n.*)?");
  }
}
