package io.contextkit.samples.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the demo runs on: the four ports, the {@code samples} directory holding both built
 * applications, and whether the services' output is echoed to the console.
 *
 * @param ordersPort HTTP port of spring-orders
 * @param inventoryPort HTTP port of quarkus-inventory
 * @param paymentPort port of the payment-provider stub
 * @param kafkaPort client port of the in-process Kafka broker
 * @param samplesDirectory the {@code samples} directory of the repository
 * @param echo whether every output line of both services is also printed, prefixed
 * @param waitForCtrlC whether to start everything and wait (for trying it with curl) instead of
 *     running the scripted orders
 */
public record DemoOptions(
    int ordersPort,
    int inventoryPort,
    int paymentPort,
    int kafkaPort,
    Path samplesDirectory,
    boolean echo,
    boolean waitForCtrlC) {

  /** The usage text of the command line. */
  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: ./demo [options]",
          "  --orders-port <port>     spring-orders HTTP port (default 8080)",
          "  --inventory-port <port>  quarkus-inventory HTTP port (default 8081)",
          "  --payment-port <port>    payment-provider stub port (default 8089)",
          "  --kafka-port <port>      in-process Kafka broker port (default 9092)",
          "  --samples-dir <dir>      the repository's samples directory (default: found from"
              + " this jar)",
          "  --echo                   also print every output line of both services",
          "  --wait                   start everything, send nothing, wait for Ctrl-C (try it"
              + " with curl)",
          "  --help                   this text");

  private static final java.util.Set<String> VALUED =
      java.util.Set.of(
          "--orders-port", "--inventory-port", "--payment-port", "--kafka-port", "--samples-dir");

  /** The defaults: ports 8080, 8081, 8089, 9092, no echo. */
  public static DemoOptions defaults(Path samplesDirectory) {
    return new DemoOptions(8080, 8081, 8089, 9092, samplesDirectory, false, false);
  }

  /**
   * Parses the command line ({@code --name value} or {@code --name=value}).
   *
   * @throws IllegalArgumentException naming the bad option
   */
  public static DemoOptions parse(String[] args) {
    DemoOptions options = defaults(defaultSamplesDirectory());
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (name.equals("--echo")) {
        options = options.withEcho(true);
        continue;
      }
      if (name.equals("--wait")) {
        options =
            new DemoOptions(
                options.ordersPort,
                options.inventoryPort,
                options.paymentPort,
                options.kafkaPort,
                options.samplesDirectory,
                options.echo,
                true);
        continue;
      }
      if (name.equals("--help")) {
        continue;
      }
      if (!VALUED.contains(name)) {
        throw new IllegalArgumentException("Unknown option " + name);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Option " + name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--orders-port":
          options = options.withPorts(port(name, value), -1, -1, -1);
          break;
        case "--inventory-port":
          options = options.withPorts(-1, port(name, value), -1, -1);
          break;
        case "--payment-port":
          options = options.withPorts(-1, -1, port(name, value), -1);
          break;
        case "--kafka-port":
          options = options.withPorts(-1, -1, -1, port(name, value));
          break;
        case "--samples-dir":
          options =
              new DemoOptions(
                  options.ordersPort,
                  options.inventoryPort,
                  options.paymentPort,
                  options.kafkaPort,
                  Path.of(value).toAbsolutePath().normalize(),
                  options.echo,
                  options.waitForCtrlC);
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + name);
      }
    }
    return options;
  }

  /** These options with the given ports; a negative value keeps the current one. */
  public DemoOptions withPorts(int orders, int inventory, int payment, int kafka) {
    return new DemoOptions(
        orders < 0 ? ordersPort : orders,
        inventory < 0 ? inventoryPort : inventory,
        payment < 0 ? paymentPort : payment,
        kafka < 0 ? kafkaPort : kafka,
        samplesDirectory,
        echo,
        waitForCtrlC);
  }

  /** These options with echo switched as given. */
  public DemoOptions withEcho(boolean on) {
    return new DemoOptions(
        ordersPort, inventoryPort, paymentPort, kafkaPort, samplesDirectory, on, waitForCtrlC);
  }

  /** The built spring-orders jar. */
  public Path ordersJar() {
    return samplesDirectory.resolve("spring-orders/target/spring-orders.jar");
  }

  /** The built {@code contextkit} command (next to the samples directory in the repository). */
  public Path contextkitJar() {
    return samplesDirectory
        .toAbsolutePath()
        .normalize()
        .resolveSibling("contextkit-cli/target/contextkit.jar");
  }

  /** Where the demo writes the system map's HTML page (kept after the demo exits). */
  public Path systemMapFile() {
    return samplesDirectory.toAbsolutePath().normalize().resolve("demo/target/system-map.html");
  }

  /** The built quarkus-inventory fast-jar launcher. */
  public Path inventoryJar() {
    return samplesDirectory.resolve("quarkus-inventory/target/quarkus-app/quarkus-run.jar");
  }

  private static int port(String name, String value) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a port number, got '" + value + "'", e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + " needs a port in 1..65535, got " + port);
    }
    return port;
  }

  /**
   * The {@code samples} directory: the system property {@code contextkit.demo.samples-dir}, else
   * three levels above this code ({@code samples/demo/target/demo.jar} or {@code
   * samples/demo/target/classes}), else {@code samples} under the working directory.
   */
  public static Path defaultSamplesDirectory() {
    String property = System.getProperty("contextkit.demo.samples-dir");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    try {
      Path code =
          Path.of(DemoOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path candidate = code.getParent().getParent().getParent();
      if (candidate != null && Files.isDirectory(candidate.resolve("demo"))) {
        return candidate.toAbsolutePath().normalize();
      }
    } catch (URISyntaxException | RuntimeException e) {
      // Fall through to the working directory.
    }
    return Path.of("samples").toAbsolutePath().normalize();
  }
}
