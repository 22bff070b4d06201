package io.contextkit.sample.inventory;

import io.contextkit.testsupport.RecordingHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts the {@link OrdersStub} on a free port and points {@code inventory.orders-url} at it as
 * {@code localhost}, the host the application treats as inside the trust boundary.
 */
public final class OrdersStubResource implements QuarkusTestResourceLifecycleManager {

  private @Nullable RecordingHttpServer stub;

  @Override
  public Map<String, String> start() {
    RecordingHttpServer started = RecordingHttpServer.start(OrdersStub::answer);
    stub = started;
    return Map.of("inventory.orders-url", "http://localhost:" + started.port());
  }

  @Override
  public void stop() {
    RecordingHttpServer started = stub;
    if (started != null) {
      started.close();
    }
  }
}
