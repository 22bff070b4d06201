package io.contextkit.spring.autoconfigure.amqp;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * Starts a real AMQP 0-9-1 broker — Apache Qpid Broker-J, in memory, in the test JVM, listening on
 * a free port of 127.0.0.1 — once per test run, and stops it when the run ends. Tests read the port
 * from {@link #port()} (e.g. in a {@code @DynamicPropertySource}).
 */
public final class QpidBrokerExtension implements BeforeAllCallback {

  private static volatile int port = -1;

  /** The broker's AMQP port; the broker must have been started by the extension. */
  public static int port() {
    if (port < 0) {
      throw new IllegalStateException(
          "Qpid broker not started: add @ExtendWith(QpidBrokerExtension.class)");
    }
    return port;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(RunningBroker.class, key -> RunningBroker.start(), RunningBroker.class);
  }

  /** The started broker, closed by JUnit at the end of the run. */
  static final class RunningBroker implements AutoCloseable {
    private final SystemLauncher launcher;
    private final Path workDir;

    private RunningBroker(SystemLauncher launcher, Path workDir) {
      this.launcher = launcher;
      this.workDir = workDir;
    }

    static RunningBroker start() {
      try {
        Path workDir = Files.createTempDirectory("qpid-contextkit");
        URL config =
            Objects.requireNonNull(
                QpidBrokerExtension.class.getResource("/qpid/contextkit-test-broker.json"));
        SystemConfig<?>[] resolved = new SystemConfig<?>[1];
        SystemLauncher launcher =
            new SystemLauncher(
                new SystemLauncherListener.DefaultSystemLauncherListener() {
                  @Override
                  public void onContainerResolve(SystemConfig<?> systemConfig) {
                    resolved[0] = systemConfig;
                  }
                });
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.toExternalForm());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put("context", Map.of(SystemConfig.QPID_WORK_DIR, workDir.toString()));
        launcher.startup(attributes);
        Broker<?> broker = (Broker<?>) resolved[0].getContainer();
        for (Port<?> candidate : broker.getChildren(Port.class)) {
          if ("AMQP".equals(candidate.getName())) {
            port = candidate.getBoundPort();
          }
        }
        if (port <= 0) {
          throw new IllegalStateException("Qpid started without a bound AMQP port");
        }
        return new RunningBroker(launcher, workDir);
      } catch (Exception e) {
        throw new IllegalStateException("Could not start the Qpid broker", e);
      }
    }

    @Override
    public void close() throws java.io.IOException {
      port = -1;
      launcher.shutdown();
      FileSystemUtils.deleteRecursively(workDir);
    }
  }
}
