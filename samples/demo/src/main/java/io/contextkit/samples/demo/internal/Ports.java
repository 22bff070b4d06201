package io.contextkit.samples.demo.internal;

import io.contextkit.samples.demo.PortInUseException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

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
    try (ServerSocket socket = new ServerSocket()) {
      // SO_REUSEADDR as the servers use it: connections of a previous run still in TIME_WAIT do
      // not make the port taken, a listening socket does.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code count} distinct ports that were free a moment ago (all bound at once, then released).
   */
  public static List<Integer> free(int count) {
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
