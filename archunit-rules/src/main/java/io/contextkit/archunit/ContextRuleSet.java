package io.contextkit.archunit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.contextkit.archunit.internal.AsyncWithoutExecutor;
import io.contextkit.archunit.internal.Catalogue;
import io.contextkit.archunit.internal.ForbiddenUsageCondition;
import io.contextkit.archunit.internal.IdentityHeaderReads;
import java.util.List;

/**
 * The {@code CTX-*} rules for one {@link ContextRulesConfiguration}. {@link ContextRules} holds the
 * instance for the user's {@code archunit.properties}; build another with {@link
 * ContextRules#using(ContextRulesConfiguration)}.
 *
 * <p>Every rule is {@code noClasses().that(<outside the sanctioned packages>).should(<condition>)},
 * named {@code "CTX-00n <title>"} and followed by a {@code because} that names the sanctioned
 * replacement. Descriptions do not depend on the configuration, so a frozen violation store stays
 * valid when the configuration changes. Rules allow an empty selection (analysing only sanctioned
 * code passes). Immutable and thread-safe.
 */
public final class ContextRuleSet {

  private final ContextRulesConfiguration configuration;
  private final ArchRule unmanagedThreads;
  private final ArchRule unwrappedExecutors;
  private final ArchRule defaultAsyncPool;
  private final ArchRule identityHeaderReads;
  private final ArchRule manualMdcWrites;
  private final ArchRule unwrappedHttpClients;
  private final ArchRule unwrappedPersistence;
  private final ArchRule threadLocals;

  ContextRuleSet(ContextRulesConfiguration configuration) {
    this.configuration = configuration;
    unmanagedThreads =
        rule(
            "CTX-001 no unmanaged threads",
            startUnmanagedThreads(),
            "a thread started outside the context layer runs without the request context;"
                + " submit the work to an executor wrapped by ContextKit's context layer");
    unwrappedExecutors =
        rule(
            "CTX-002 no unwrapped executors",
            createUnwrappedExecutors(),
            "tasks on a pool built by hand lose the request context; inject the application's"
                + " executor or wrap the pool with ContextKit's executor wrapping");
    defaultAsyncPool =
        rule(
            "CTX-003 no default async pools",
            useDefaultAsyncPool(),
            "the default pools (ForkJoinPool.commonPool, Spring's default @Async executor) do not"
                + " carry the request context; pass a wrapped executor (supplyAsync(task, executor),"
                + " @Async(\"executorBean\")) and keep streams sequential");
    identityHeaderReads =
        rule(
            "CTX-004 no direct identity header reads",
            readIdentityHeaders(configuration.identityHeaders()),
            "identity in a request header is untrusted until the trust policy accepted it; read"
                + " user and account from the RequestContext built by ContextKit's inbound filter");
    manualMdcWrites =
        rule(
            "CTX-005 no manual MDC writes",
            writeMdc(),
            "the MDC is a projection of the request context that ContextKit writes and restores;"
                + " open a context scope to change what is logged");
    unwrappedHttpClients =
        rule(
            "CTX-006 no unwrapped HTTP clients",
            buildUnwrappedHttpClients(),
            "a client built by hand sends neither the context nor the TRACE guard; inject the"
                + " client or builder wired by ContextKit (RestClient.Builder, WebClient.Builder,"
                + " RestTemplateBuilder, the REST client of Quarkus)");
    unwrappedPersistence =
        rule(
            "CTX-007 no unwrapped persistence",
            openUnwrappedPersistence(),
            "connections and entity managers opened by hand bypass the TRACE guards; use the"
                + " DataSource and EntityManager wired by ContextKit");
    threadLocals =
        rule(
            "CTX-008 no thread locals outside the context layer",
            createThreadLocals(),
            "a ThreadLocal is not carried to other threads and leaks between requests on pooled"
                + " threads; keep request state on the RequestContext");
  }

  /** The configuration these rules were built for. */
  public ContextRulesConfiguration configuration() {
    return configuration;
  }

  /** CTX-001: no thread is created or started outside the context layer. */
  public ArchRule noUnmanagedThreads() {
    return unmanagedThreads;
  }

  /** CTX-002: no executor, pool or scheduler is created outside the context layer. */
  public ArchRule noUnwrappedExecutors() {
    return unwrappedExecutors;
  }

  /**
   * CTX-003: no work goes to a default pool ({@code *Async} without executor, parallel streams).
   */
  public ArchRule noDefaultAsyncPools() {
    return defaultAsyncPool;
  }

  /** CTX-004: no identity header is read outside the sanctioned inbound filter. */
  public ArchRule noDirectIdentityHeaderReads() {
    return identityHeaderReads;
  }

  /** CTX-005: no MDC writes outside the context layer. */
  public ArchRule noManualMdcWrites() {
    return manualMdcWrites;
  }

  /** CTX-006: no HTTP client is built by hand. */
  public ArchRule noUnwrappedHttpClients() {
    return unwrappedHttpClients;
  }

  /** CTX-007: no connection, data source or persistence unit is opened by hand. */
  public ArchRule noUnwrappedPersistence() {
    return unwrappedPersistence;
  }

  /** CTX-008 (opt-in, not in {@link #all()}): no thread locals outside the context layer. */
  public ArchRule noThreadLocalsOutsideContextLayer() {
    return threadLocals;
  }

  /** CTX-001 to CTX-007, each reported under its own description. */
  public List<ArchRule> rules() {
    return List.of(
        unmanagedThreads,
        unwrappedExecutors,
        defaultAsyncPool,
        identityHeaderReads,
        manualMdcWrites,
        unwrappedHttpClients,
        unwrappedPersistence);
  }

  /** CTX-001 to CTX-007 as one rule, evaluated on one import of classes. */
  public ArchRule all() {
    List<ArchRule> rules = rules();
    CompositeArchRule composite = CompositeArchRule.of(rules.get(0));
    for (int i = 1; i < rules.size(); i++) {
      composite = composite.and(rules.get(i));
    }
    return composite;
  }

  private ArchRule rule(String title, ArchCondition<JavaClass> condition, String because) {
    return noClasses()
        .that(resideOutsideOfPackages(configuration.sanctionedPackages().toArray(String[]::new)))
        .should(condition)
        .allowEmptyShould(true)
        .as(title)
        .because(because);
  }

  static ArchCondition<JavaClass> startUnmanagedThreads() {
    return new ForbiddenUsageCondition(
        "start unmanaged threads", Catalogue.UNMANAGED_THREADS, null, List.of());
  }

  static ArchCondition<JavaClass> createUnwrappedExecutors() {
    return new ForbiddenUsageCondition(
        "create unwrapped executors", Catalogue.UNWRAPPED_EXECUTORS, null, List.of());
  }

  static ArchCondition<JavaClass> useDefaultAsyncPool() {
    return new ForbiddenUsageCondition(
        "use a default async pool",
        Catalogue.DEFAULT_ASYNC_POOL,
        null,
        List.of(new AsyncWithoutExecutor()));
  }

  static ArchCondition<JavaClass> readIdentityHeaders(List<String> identityHeaders) {
    IdentityHeaderReads reads = new IdentityHeaderReads(identityHeaders);
    return new ForbiddenUsageCondition(
        "read identity headers " + identityHeaders, Catalogue.HEADER_READS, reads, List.of(reads));
  }

  static ArchCondition<JavaClass> writeMdc() {
    return new ForbiddenUsageCondition("write the MDC", Catalogue.MDC_WRITES, null, List.of());
  }

  static ArchCondition<JavaClass> buildUnwrappedHttpClients() {
    return new ForbiddenUsageCondition(
        "build unwrapped HTTP clients", Catalogue.UNWRAPPED_HTTP_CLIENTS, null, List.of());
  }

  static ArchCondition<JavaClass> openUnwrappedPersistence() {
    return new ForbiddenUsageCondition(
        "open unwrapped persistence", Catalogue.RAW_PERSISTENCE, null, List.of());
  }

  static ArchCondition<JavaClass> createThreadLocals() {
    return new ForbiddenUsageCondition(
        "create thread locals", Catalogue.THREAD_LOCALS, null, List.of());
  }
}
