package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.contextkit.ContextScope;
import io.contextkit.FlagEvaluation;
import io.contextkit.RequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent requests on a shared thread pool never see each other's context or flags. */
class ConcurrentRequestsTest {

  private static final int REQUESTS = 400;
  private static final int FLAGS = 12;

  @Test
  void requestsNeverSeeEachOthersFlags() throws Exception {
    Map<String, String> props = new HashMap<>();
    for (int f = 0; f < FLAGS; f++) {
      String p = "contextkit.flags.f" + f + ".";
      props.put(p + "variants.mine", "true");
      props.put(p + "variants.other", "false");
      props.put(p + "default-variant", "other");
      // Flag f<n> is on only for account acct-<n>: the answer depends on the request's own
      // account, so a leaked context shows up as a wrong variant.
      props.put(
          p + "targeting",
          "{\"if\":[{\"in\":[{\"var\":\"account_id\"},[\"acct-" + f + "\"]]},\"mine\",null]}");
    }
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(new ContextKitFlagProvider(FlagDefinitionsLoader.fromProperties(props)));
    api.setTransactionContextPropagator(new RequestContextEvaluationContext());
    api.addHooks(new FlagEvaluationHook());
    Client client = api.getClient();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      int n = i;
      Callable<String> request =
          () -> {
            start.await();
            int account = n % FLAGS;
            RequestContext ctx =
                RequestContext.builder().userId("user-" + n).accountId("acct-" + account).build();
            List<FlagEvaluation> expected = new ArrayList<>();
            try (ContextScope scope = ctx.makeCurrent()) {
              // Each request evaluates its own subset of flags, in its own order.
              for (int k = 0; k < 4; k++) {
                int f = (n + k * 5) % FLAGS;
                boolean on = client.getBooleanValue("f" + f, false);
                boolean shouldBeOn = f == account;
                if (on != shouldBeOn) {
                  return "request " + n + " saw f" + f + "=" + on;
                }
                expected.add(
                    new FlagEvaluation(
                        "f" + f,
                        shouldBeOn ? "mine" : "other",
                        shouldBeOn ? "TARGETING_MATCH" : "DEFAULT"));
                Thread.yield();
              }
            }
            if (!ctx.flagEvaluations().equals(expected)) {
              return "request " + n + " journal " + ctx.flagEvaluations() + " != " + expected;
            }
            if (!RequestContext.current().flagEvaluations().isEmpty()) {
              return "request " + n + " left a context on its thread";
            }
            return "ok";
          };
      results.add(pool.submit(request));
    }
    start.countDown();
    List<String> failures = new ArrayList<>();
    for (Future<String> r : results) {
      String outcome = r.get(60, TimeUnit.SECONDS);
      if (!outcome.equals("ok")) {
        failures.add(outcome);
      }
    }
    pool.shutdown();
    api.shutdown();
    assertThat(failures).isEmpty();
    assertThat(results).hasSize(REQUESTS);
  }
}
