package io.contextkit.samples.demo.internal;

import io.contextkit.samples.demo.PortInUseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks before the demo starts anything, and free ports for the tests. */
public final class Ports {

  /**
   * A port the demo needs: the number, what it is for and the command-line option that moves it.
   */
  public record Wanted(int port, String purpose, String option) {}

  private Ports() {}

  /**
   * Checks that every wanted port can be bound on all interfaces (what the services do).
   *
   * @throws PortInUseException naming every taken port, its purpose and option
   */
  public static void requireFree(List<Wanted> wanted) {
    StringBuilder message = new StringBuilder();
    List<Integer> taken = new ArrayList<>();
    for (Wanted port : wanted) {
      if (!isFree(port.port())) {
        taken.add(port.port());
        message
            .append(message.length() == 0 ? "" : System.lineSeparator())
            .append("Port ")
            .append(port.port())
            .append(" (")
            .append(port.purpose())
            .append(") is already in use. Stop whatever listens there or choose another port with ")
            .append(port.option())
            .append(" <port>.");
      }
    }
    if (!taken.isEmpty()) {
      throw new PortInUseException(message.toString(), taken);
    }
  }

  /** Whether a server socket can be bound to {@code port} on all interfaces right now. */
  public static boolean isFree(int port) {
    return canBind(new InetSocketAddress(port));
  }

  private static boolean canBind(InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      // SO_REUSEADDR as the servers use it: connections of a previous run still in TIME_WAIT do
      // not make the port taken, a listening socket does.
      socket.setReuseAddress(true);
      socket.bind(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code count} distinct ports that are free now and outside the kernel's ephemeral range.
   *
   * <p>Why not the ephemeral range: a port the kernel hands out for {@code bind(0)} is released
   * before a child process binds it seconds later, and meanwhile any outgoing connection on the
   * machine (a Kafka client connecting to the broker, for one) may take it as its source port; the
   * child then fails with "port in use". Ports below the ephemeral range are never given to
   * outgoing connections, so only another listener can take them.
   */
  public static List<Integer> free(int count) {
    int[] ephemeral = ephemeralRange();
    int low = 10_000;
    int high = ephemeral[0] - 1;
    if (high - low < 1_000) {
      // An unusual range leaves no room below it: use the kernel's choice as before.
      return kernelChosen(count);
    }
    List<Integer> ports = new ArrayList<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; ports.size() < count && attempt < 10_000; attempt++) {
      int candidate = random.nextInt(low, high + 1);
      if (!ports.contains(candidate) && isFree(candidate) && isFreeOnLoopback(candidate)) {
        ports.add(candidate);
      }
    }
    if (ports.size() < count) {
      throw new IllegalStateException(
          "Could not find " + count + " free ports between " + low + " and " + high);
    }
    return List.copyOf(ports);
  }

  /** The kernel's ephemeral port range; the IANA one where the kernel does not say. */
  static int[] ephemeralRange() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      String[] bounds = Files.readString(range).trim().split("\\s+");
      return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {49_152, 65_535};
    }
  }

  private static boolean isFreeOnLoopback(int port) {
    // A listener bound to 127.0.0.1 only does not always stop a bind on all interfaces.
    return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  private static List<Integer> kernelChosen(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports.add(socket.getLocalPort());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not find free ports", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Closing a socket nobody used; nothing to do.
        }
      }
    }
    return List.copyOf(ports);
  }
}
