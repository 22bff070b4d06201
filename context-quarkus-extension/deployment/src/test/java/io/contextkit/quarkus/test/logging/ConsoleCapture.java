package io.contextkit.quarkus.test.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Redirects the console handler Quarkus configured into a buffer, so a test reads the lines exactly
 * as the console would print them (formatted by the configured formatter).
 */
final class ConsoleCapture implements AutoCloseable {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final List<ConsoleHandler> consoles = new ArrayList<>();

  static ConsoleCapture start() {
    ConsoleCapture capture = new ConsoleCapture();
    capture.collect(LogContext.getLogContext().getLogger("").getHandlers());
    if (capture.consoles.isEmpty()) {
      throw new IllegalStateException("Quarkus configured no console handler");
    }
    for (ConsoleHandler console : capture.consoles) {
      console.setOutputStream(capture.buffer);
    }
    return capture;
  }

  private void collect(Handler[] handlers) {
    for (Handler handler : handlers) {
      if (handler instanceof ConsoleHandler console) {
        consoles.add(console);
      }
      if (handler instanceof ExtHandler parent) {
        collect(parent.getHandlers());
      }
    }
  }

  /** The lines printed so far. */
  List<String> lines() {
    for (ConsoleHandler console : consoles) {
      console.flush();
    }
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Override
  public void close() {
    for (ConsoleHandler console : consoles) {
      console.setTarget(ConsoleHandler.Target.SYSTEM_OUT);
    }
  }
}
