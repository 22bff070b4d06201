package io.contextkit.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.samples.demo.internal.Ports;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoStackTest {

  @TempDir Path samples;

  @Test
  void refusesToStartWhenAPortIsTakenNamingIt() throws Exception {
    builtApps();
    try (ServerSocket taken = new ServerSocket(0)) {
      List<Integer> free = Ports.free(3);
      DemoOptions options =
          new DemoOptions(
              free.get(0), free.get(1), free.get(2), taken.getLocalPort(), samples, false, false);

      assertThatThrownBy(() -> DemoStack.create(options, null))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("Port " + taken.getLocalPort() + " (Kafka broker)")
          .hasMessageContaining("--kafka-port");
    }
  }

  @Test
  void refusesToStartWhenAnAppIsNotBuiltNamingTheJarAndTheBuildCommand() throws Exception {
    List<Integer> free = Ports.free(4);
    DemoOptions options =
        new DemoOptions(free.get(0), free.get(1), free.get(2), free.get(3), samples, false, false);

    assertThatThrownBy(() -> DemoStack.create(options, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(options.ordersJar().toString())
        .hasMessageContaining("-am package");
  }

  @Test
  void closeDeletesTheWorkDirectoryAndIsIdempotent() throws Exception {
    builtApps();
    List<Integer> free = Ports.free(4);
    DemoStack stack =
        DemoStack.create(
            new DemoOptions(
                free.get(0), free.get(1), free.get(2), free.get(3), samples, false, false),
            null);
    Path work = stack.workDirectory();
    Files.writeString(work.resolve("orders.log"), "x");
    assertThat(work).isDirectory();

    stack.close();
    stack.close();

    assertThat(work).doesNotExist();
    assertThat(stack.paymentRequests()).isEmpty();
    assertThat(stack.logLines()).isEmpty();
  }

  @Test
  void buildsHttpBasicCredentials() {
    assertThat(DemoStack.basic("alice", "alice-pw")).isEqualTo("Basic YWxpY2U6YWxpY2UtcHc=");
  }

  private void builtApps() throws Exception {
    DemoOptions layout = DemoOptions.defaults(samples);
    Files.createDirectories(layout.ordersJar().getParent());
    Files.createDirectories(layout.inventoryJar().getParent());
    Files.writeString(layout.ordersJar(), "");
    Files.writeString(layout.inventoryJar(), "");
  }
}
