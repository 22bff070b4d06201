package io.contextkit.samples.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.samples.demo.PortInUseException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void namesEveryTakenPortWithItsPurposeAndOption() throws Exception {
    try (ServerSocket first = new ServerSocket(0);
        ServerSocket second = new ServerSocket(0)) {
      int free = Ports.free(1).get(0);
      List<Ports.Wanted> wanted =
          List.of(
              new Ports.Wanted(first.getLocalPort(), "spring-orders HTTP", "--orders-port"),
              new Ports.Wanted(free, "payment-provider stub", "--payment-port"),
              new Ports.Wanted(second.getLocalPort(), "Kafka broker", "--kafka-port"));

      assertThatThrownBy(() -> Ports.requireFree(wanted))
          .isInstanceOfSatisfying(
              PortInUseException.class,
              e ->
                  assertThat(e.ports())
                      .containsExactly(first.getLocalPort(), second.getLocalPort()))
          .hasMessageContaining(
              "Port " + first.getLocalPort() + " (spring-orders HTTP) is already in use")
          .hasMessageContaining("--orders-port")
          .hasMessageContaining("Port " + second.getLocalPort() + " (Kafka broker)")
          .hasMessageContaining("--kafka-port")
          .hasMessageNotContaining("payment-provider");
    }
  }

  @Test
  void passesWhenAllPortsAreFree() {
    List<Integer> ports = Ports.free(2);
    assertThatCode(
            () ->
                Ports.requireFree(
                    List.of(
                        new Ports.Wanted(ports.get(0), "a", "--a"),
                        new Ports.Wanted(ports.get(1), "b", "--b"))))
        .doesNotThrowAnyException();
  }

  @Test
  void freePortsAreDistinctAndBindable() {
    List<Integer> ports = Ports.free(4);
    assertThat(ports).hasSize(4).doesNotHaveDuplicates();
    for (int port : ports) {
      assertThat(Ports.isFree(port)).isTrue();
    }
  }

  @Test
  void freePortsLieOutsideTheEphemeralRangeSoNoOutgoingConnectionTakesThemBeforeTheChildBinds() {
    int[] ephemeral = Ports.ephemeralRange();
    // The CI failure this guards against: a port chosen by bind(0) was taken as the source port of
    // a Kafka client connection before quarkus-inventory bound it.
    assertThat(Ports.free(20))
        .allSatisfy(port -> assertThat(port).isLessThan(ephemeral[0]).isGreaterThan(1023));
  }

  @Test
  void aListeningLoopbackSocketMakesThePortTaken() throws Exception {
    try (ServerSocket loopback =
        new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(Ports.isFree(loopback.getLocalPort())).isFalse();
    }
  }
}
