package io.contextkit.benchmarks;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagContext;
import io.contextkit.flags.FlagDefinitions;
import io.contextkit.flags.FlagDefinitionsLoader;
import io.contextkit.flags.FlagResolution;
import io.contextkit.flags.RequestContextFlagContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Flag evaluation on one flagd document ({@code benchmark.flagd.json}): a static flag, a targeting
 * rule ({@code in} + {@code starts_with} + {@code ==} under {@code and}), and a 50/50 {@code
 * fractional} split on the targeting key.
 *
 * <ul>
 *   <li>{@code *_oursDirect}: {@link FlagDefinitions#evaluate} with the request context's {@link
 *       FlagContext} view, what our own integrations call.
 *   <li>{@code *_oursClient}: the OpenFeature {@link Client} with {@link ContextKitFlagProvider}.
 *   <li>{@code *_flagdClient}: the same {@link Client} with the flagd provider (0.11.15) in file
 *       (in-process) mode on the same document.
 * </ul>
 *
 * Both clients get the same {@link EvaluationContext}: targeting key = user id, and the user_id,
 * account_id, license, tester and request_type attributes. Each client is an isolated API instance
 * without hooks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class FlagEvaluationBenchmark {

  static final String STATIC = "static-flag";
  static final String TARGETED = "targeted-flag";
  static final String SPLIT = "split-flag";

  FlagDefinitions definitions = FlagDefinitions.empty();
  final FlagContext direct = RequestContextFlagContext.of(Payload.requestContext());
  EvaluationContext evaluationContext = new ImmutableContext();
  OpenFeatureAPI oursApi = OpenFeatureAPI.createIsolated();
  OpenFeatureAPI flagdApi = OpenFeatureAPI.createIsolated();
  Client ours = oursApi.getClient();
  Client flagd = flagdApi.getClient();

  @Setup
  public void setUp() throws IOException {
    String json;
    try (InputStream in =
        Objects.requireNonNull(
            FlagEvaluationBenchmark.class.getResourceAsStream("/benchmark.flagd.json"),
            "benchmark.flagd.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = Files.createTempFile("contextkit-benchmark", ".flagd.json");
    file.toFile().deleteOnExit();
    Files.writeString(file, json);

    definitions = FlagDefinitionsLoader.fromJson(json);
    oursApi.setProviderAndWait(new ContextKitFlagProvider(definitions));
    flagdApi.setProviderAndWait(
        new FlagdProvider(
            FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(file.toString())
                .deadline(30_000)
                .build()));
    ours = oursApi.getClient();
    flagd = flagdApi.getClient();

    Map<String, Value> attributes = new LinkedHashMap<>();
    attributes.put("user_id", new Value(Payload.USER_ID));
    attributes.put("account_id", new Value(Payload.ACCOUNT_ID));
    attributes.put("license", new Value(Payload.LICENSE));
    attributes.put("tester", new Value(false));
    attributes.put("request_type", new Value(Payload.REQUEST_TYPE));
    evaluationContext = new ImmutableContext(Payload.USER_ID, attributes);

    check();
  }

  /** Every path must give the same answer, for the same reason, or the comparison is void. */
  private void check() {
    expect(STATIC, definitions.evaluate(STATIC, direct), "on", "STATIC");
    expect(TARGETED, definitions.evaluate(TARGETED, direct), "on", "TARGETING_MATCH");
    FlagResolution split = definitions.evaluate(SPLIT, direct);
    if (!"SPLIT".equals(split.reason()) && !"TARGETING_MATCH".equals(split.reason())) {
      throw new IllegalStateException("split-flag resolved as " + split);
    }
    String[] names = {"ours", "flagd"};
    Client[] clients = {ours, flagd};
    for (int i = 0; i < clients.length; i++) {
      Client client = clients[i];
      FlagEvaluationDetails<Boolean> s = client.getBooleanDetails(STATIC, false, evaluationContext);
      FlagEvaluationDetails<Boolean> t =
          client.getBooleanDetails(TARGETED, false, evaluationContext);
      FlagEvaluationDetails<String> f = client.getStringDetails(SPLIT, "none", evaluationContext);
      if (!s.getValue()
          || !"on".equals(s.getVariant())
          || !t.getValue()
          || !"TARGETING_MATCH".equals(t.getReason())
          || "none".equals(f.getValue())
          || f.getErrorCode() != null) {
        throw new IllegalStateException(names[i] + " answered " + s + " / " + t + " / " + f);
      }
    }
  }

  private static void expect(String flag, FlagResolution r, String variant, String reason) {
    if (!variant.equals(r.variant()) || !reason.equals(r.reason())) {
      throw new IllegalStateException(flag + " resolved as " + r);
    }
  }

  @TearDown
  public void tearDown() {
    oursApi.shutdown();
    flagdApi.shutdown();
  }

  @Benchmark
  public FlagResolution static_oursDirect() {
    return definitions.evaluate(STATIC, direct);
  }

  @Benchmark
  public boolean static_oursClient() {
    return ours.getBooleanValue(STATIC, false, evaluationContext);
  }

  @Benchmark
  public boolean static_flagdClient() {
    return flagd.getBooleanValue(STATIC, false, evaluationContext);
  }

  @Benchmark
  public FlagResolution targeting_oursDirect() {
    return definitions.evaluate(TARGETED, direct);
  }

  @Benchmark
  public boolean targeting_oursClient() {
    return ours.getBooleanValue(TARGETED, false, evaluationContext);
  }

  @Benchmark
  public boolean targeting_flagdClient() {
    return flagd.getBooleanValue(TARGETED, false, evaluationContext);
  }

  @Benchmark
  public FlagResolution fractional_oursDirect() {
    return definitions.evaluate(SPLIT, direct);
  }

  @Benchmark
  public String fractional_oursClient() {
    return ours.getStringValue(SPLIT, "none", evaluationContext);
  }

  @Benchmark
  public String fractional_flagdClient() {
    return flagd.getStringValue(SPLIT, "none", evaluationContext);
  }
}
