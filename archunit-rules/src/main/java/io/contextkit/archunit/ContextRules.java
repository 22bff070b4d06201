package io.contextkit.archunit;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The request-context rule catalogue: each rule constant is paired with the condition it negates,
 * so the condition can be reused in a team's own rules ({@code
 * noClasses().that().resideInAPackage("..web..").should(WRITE_MDC)}).
 *
 * <p>One line adopts all of them:
 *
 * <pre>{@code
 * ContextRules.all().check(new ClassFileImporter()
 *     .withImportOption(new ImportOption.DoNotIncludeTests())
 *     .importPackagesOf(Application.class));
 * }</pre>
 *
 * <p>The rules check accesses (calls, method references and constructor references) of the analysed
 * classes, so a lambda, an anonymous class, a subtype or a static import does not hide a usage.
 * Code in a sanctioned package, and code marked {@link ContextBypass @ContextBypass(reason =
 * "...")}, is exempt. The constants are built from {@link
 * ContextRulesConfiguration#fromArchUnitProperties()} when this class is initialised; use {@link
 * #using(ContextRulesConfiguration)} for a programmatic configuration.
 *
 * <p>Every description starts with a stable id ({@code CTX-001 …}) and does not change with the
 * configuration, so {@code FreezingArchRule.freeze(rule)} keeps recognising its stored violations.
 */
public final class ContextRules {

  private static final ContextRuleSet DEFAULT =
      new ContextRuleSet(ContextRulesConfiguration.fromArchUnitProperties());

  /**
   * Creates or starts a thread: {@code new Thread}, {@code Thread.start}, builders, {@code Timer}.
   */
  public static final ArchCondition<JavaClass> START_UNMANAGED_THREADS =
      ContextRuleSet.startUnmanagedThreads();

  /** CTX-001. */
  public static final ArchRule NO_UNMANAGED_THREADS = DEFAULT.noUnmanagedThreads();

  /** Creates a pool: {@code Executors.new*}, pool constructors, Spring and Reactor schedulers. */
  public static final ArchCondition<JavaClass> CREATE_UNWRAPPED_EXECUTORS =
      ContextRuleSet.createUnwrappedExecutors();

  /** CTX-002. */
  public static final ArchRule NO_UNWRAPPED_EXECUTORS = DEFAULT.noUnwrappedExecutors();

  /**
   * Uses a default pool: {@code *Async} without an {@code Executor} argument, {@code
   * parallelStream()}, {@code parallel()}, Spring {@code @Async} without an executor name.
   */
  public static final ArchCondition<JavaClass> USE_DEFAULT_ASYNC_POOL =
      ContextRuleSet.useDefaultAsyncPool();

  /** CTX-003. */
  public static final ArchRule NO_DEFAULT_ASYNC_POOLS = DEFAULT.noDefaultAsyncPools();

  /**
   * Reads an identity header: a header-reading call in code that names a configured identity header
   * as a string constant, or a parameter bound to one ({@code @RequestHeader},
   * {@code @HeaderParam}).
   */
  public static final ArchCondition<JavaClass> READ_IDENTITY_HEADERS =
      ContextRuleSet.readIdentityHeaders(DEFAULT.configuration().identityHeaders());

  /** CTX-004. */
  public static final ArchRule NO_DIRECT_IDENTITY_HEADER_READS =
      DEFAULT.noDirectIdentityHeaderReads();

  /** Writes the MDC of SLF4J, Log4j 2 ({@code ThreadContext}), JBoss Logging or Log4j 1. */
  public static final ArchCondition<JavaClass> WRITE_MDC = ContextRuleSet.writeMdc();

  /** CTX-005. */
  public static final ArchRule NO_MANUAL_MDC_WRITES = DEFAULT.noManualMdcWrites();

  /**
   * Builds an HTTP client: JDK {@code HttpClient}, {@code URL.openConnection}, Apache, OkHttp,
   * RestTemplate/RestClient/WebClient, JAX-RS {@code ClientBuilder}, Feign.
   */
  public static final ArchCondition<JavaClass> BUILD_UNWRAPPED_HTTP_CLIENTS =
      ContextRuleSet.buildUnwrappedHttpClients();

  /** CTX-006. */
  public static final ArchRule NO_UNWRAPPED_HTTP_CLIENTS = DEFAULT.noUnwrappedHttpClients();

  /**
   * Opens persistence by hand: {@code DriverManager}, data source constructors, {@code
   * createEntityManagerFactory}, {@code createEntityManager}, Hibernate {@code openSession}.
   */
  public static final ArchCondition<JavaClass> OPEN_UNWRAPPED_PERSISTENCE =
      ContextRuleSet.openUnwrappedPersistence();

  /** CTX-007. */
  public static final ArchRule NO_UNWRAPPED_PERSISTENCE = DEFAULT.noUnwrappedPersistence();

  /** Creates a {@code ThreadLocal} (any subtype) or calls {@code ThreadLocal.withInitial}. */
  public static final ArchCondition<JavaClass> CREATE_THREAD_LOCALS =
      ContextRuleSet.createThreadLocals();

  /** CTX-008, opt-in: not part of {@link #all()}. */
  public static final ArchRule NO_THREAD_LOCALS_OUTSIDE_CONTEXT_LAYER =
      DEFAULT.noThreadLocalsOutsideContextLayer();

  private ContextRules() {}

  /** CTX-001 to CTX-007 as one rule (the one-liner). */
  public static ArchRule all() {
    return DEFAULT.all();
  }

  /** The rules for another configuration. */
  public static ContextRuleSet using(ContextRulesConfiguration configuration) {
    return new ContextRuleSet(configuration);
  }
}
