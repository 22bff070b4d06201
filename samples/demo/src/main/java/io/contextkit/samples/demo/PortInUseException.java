package io.contextkit.samples.demo;

import java.util.List;

/**
 * Thrown before anything starts when one or more of the ports the demo needs are already taken; the
 * message names each taken port, what it was meant for and the option that moves it.
 */
public final class PortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<Integer> ports;

  public PortInUseException(String message, List<Integer> ports) {
    super(message);
    this.ports = List.copyOf(ports);
  }

  /** The ports found taken. */
  public List<Integer> ports() {
    return ports;
  }
}
