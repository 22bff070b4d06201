package io.contextkit.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaultsToTheDocumentedPorts() {
    DemoOptions options = DemoOptions.parse(new String[0]);

    assertThat(options.ordersPort()).isEqualTo(8080);
    assertThat(options.inventoryPort()).isEqualTo(8081);
    assertThat(options.paymentPort()).isEqualTo(8089);
    assertThat(options.kafkaPort()).isEqualTo(9092);
    assertThat(options.echo()).isFalse();
    assertThat(options.waitForCtrlC()).isFalse();
  }

  @Test
  void overridesPortsInBothSpellings() {
    DemoOptions options =
        DemoOptions.parse(
            new String[] {
              "--orders-port",
              "18080",
              "--inventory-port=18081",
              "--payment-port",
              "18089",
              "--kafka-port=19092",
              "--echo",
              "--wait",
              "--samples-dir",
              "/tmp/x/samples"
            });

    assertThat(options.ordersPort()).isEqualTo(18080);
    assertThat(options.inventoryPort()).isEqualTo(18081);
    assertThat(options.paymentPort()).isEqualTo(18089);
    assertThat(options.kafkaPort()).isEqualTo(19092);
    assertThat(options.echo()).isTrue();
    assertThat(options.waitForCtrlC()).isTrue();
    assertThat(options.ordersJar())
        .isEqualTo(Path.of("/tmp/x/samples/spring-orders/target/spring-orders.jar"));
    assertThat(options.inventoryJar())
        .isEqualTo(Path.of("/tmp/x/samples/quarkus-inventory/target/quarkus-app/quarkus-run.jar"));
  }

  @Test
  void rejectsUnknownOptionsMissingValuesAndBadPorts() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--colour"}))
        .hasMessage("Unknown option --colour");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--kafka-port"}))
        .hasMessage("Option --kafka-port needs a value");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--orders-port", "http"}))
        .hasMessage("--orders-port needs a port number, got 'http'");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--payment-port=70000"}))
        .hasMessage("--payment-port needs a port in 1..65535, got 70000");
  }

  @Test
  void findsTheSamplesDirectoryFromTheSystemProperty() {
    String previous = System.getProperty("contextkit.demo.samples-dir");
    System.setProperty("contextkit.demo.samples-dir", "/opt/ck/samples");
    try {
      assertThat(DemoOptions.defaultSamplesDirectory()).isEqualTo(Path.of("/opt/ck/samples"));
    } finally {
      if (previous == null) {
        System.clearProperty("contextkit.demo.samples-dir");
      } else {
        System.setProperty("contextkit.demo.samples-dir", previous);
      }
    }
  }
}
