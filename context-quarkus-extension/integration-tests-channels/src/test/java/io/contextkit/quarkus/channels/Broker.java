package io.contextkit.quarkus.channels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * One Artemis broker per test JVM (in memory, no security), started on first use, with one acceptor
 * that speaks CORE (the JMS client) and AMQP 1.0. The port is kept in a system property because
 * QuarkusUnitTest loads the test classes a second time in the application's class loader.
 */
public final class Broker {

  private static final String PROPERTY = "contextkit.test.channels.broker.port";

  private Broker() {}

  public static synchronized int port() {
    String running = System.getProperty(PROPERTY);
    if (running != null) {
      return Integer.parseInt(running);
    }
    int port = freePort();
    try {
      Configuration config =
          new ConfigurationImpl()
              .setPersistenceEnabled(false)
              .setSecurityEnabled(false)
              .setJournalDirectory("target/artemis/journal")
              .setBindingsDirectory("target/artemis/bindings")
              .setLargeMessagesDirectory("target/artemis/large")
              .setPagingDirectory("target/artemis/paging")
              .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP");
      EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
      broker.start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      broker.stop();
                    } catch (Exception e) {
                      // The JVM is exiting; the broker keeps nothing on disk.
                    }
                  }));
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the embedded Artemis broker", e);
    }
    System.setProperty(PROPERTY, Integer.toString(port));
    return port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
