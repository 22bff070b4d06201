package io.contextkit.benchmarks;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.GeneralCodingRules;
import io.contextkit.archunit.ContextRules;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestTemplate;

/**
 * The ArchUnit rule catalogue on a realistic class set: every class of the spring-web and
 * spring-context jars (several thousand classes, with their dependencies resolved from the class
 * path as ArchUnit does by default), measured as single-shot time, as a build pays it.
 *
 * <ul>
 *   <li>{@code import_archunit}: the class import alone, the cost every ArchUnit test pays.
 *   <li>{@code check_ours}: {@link ContextRules#all()} evaluated on classes imported once.
 *   <li>{@code check_archunitGeneral}: ArchUnit's own {@link GeneralCodingRules} (six rules) on the
 *       same classes, for scale.
 *   <li>{@code importAndCheck_ours}: import plus our rules, what a user's test costs end to end.
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ArchRulesBenchmark {

  List<URL> jars = List.of();
  JavaClasses imported = new ClassFileImporter().importClasses(ArchRulesBenchmark.class);

  @Setup
  public void setUp() throws URISyntaxException {
    jars = List.of(jarOf(RestTemplate.class), jarOf(ApplicationContext.class));
    imported = importJars();
    if (imported.size() < 1_000) {
      throw new IllegalStateException("expected thousands of classes, got " + imported.size());
    }
  }

  private static URL jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  private JavaClasses importJars() {
    return new ClassFileImporter().importUrls(jars);
  }

  @Benchmark
  public JavaClasses import_archunit() {
    return importJars();
  }

  @Benchmark
  public EvaluationResult check_ours() {
    return ContextRules.all().evaluate(imported);
  }

  @Benchmark
  public int check_archunitGeneral() {
    int violations = 0;
    violations +=
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .evaluate(imported)
            .getFailureReport()
            .getDetails()
            .size();
    violations +=
        GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
            .evaluate(imported)
            .getFailureReport()
            .getDetails()
            .size();
    violations +=
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .evaluate(imported)
            .getFailureReport()
            .getDetails()
            .size();
    violations +=
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JODATIME
            .evaluate(imported)
            .getFailureReport()
            .getDetails()
            .size();
    violations +=
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION
            .evaluate(imported)
            .getFailureReport()
            .getDetails()
            .size();
    violations +=
        GeneralCodingRules.DEPRECATED_API_SHOULD_NOT_BE_USED
            .evaluate(imported)
            .getFailureReport()
            .getDetails()
            .size();
    return violations;
  }

  @Benchmark
  public EvaluationResult importAndCheck_ours() {
    return ContextRules.all().evaluate(importJars());
  }
}
