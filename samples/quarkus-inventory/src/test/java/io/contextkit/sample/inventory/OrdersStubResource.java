package io.contextkit.sample.inventory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts the {@link OrdersStub} on a free port and points {@code inventory.orders-url} at it as
 * {@code localhost}, the host the application treats as inside the trust boundary.
 */
public final class OrdersStubResource implements QuarkusTestResourceLifecycleManager {

  private @Nullable OrdersStub stub;

  @Override
  public Map<String, String> start() {
    try {
      OrdersStub started = OrdersStub.start();
      stub = started;
      return Map.of("inventory.orders-url", "http://localhost:" + started.port());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    OrdersStub started = stub;
    if (started != null) {
      started.stop();
    }
  }
}
