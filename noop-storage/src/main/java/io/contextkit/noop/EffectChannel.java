package io.contextkit.noop;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One way an application can change the world outside its process: a data source, a transaction
 * manager, a producer, an HTTP client, a mail sender, a cache, a session store, a data client. The
 * startup inventory of a service ({@link EffectChannelInventory}) lists every channel it found,
 * each with its {@link Status}; a TRACE request is refused while any channel is {@link
 * Status#UNGUARDED} (unless the policy says otherwise, see {@link TracePolicy}).
 *
 * <p>A channel is identified by its {@link Kind} and its name (a bean name, a datasource name, a
 * messaging channel name): two channels of one kind never share a name, so {@code kind.name} — the
 * key under which configuration declares a channel safe — is unambiguous.
 *
 * @param kind what sort of channel it is
 * @param name the bean, datasource or channel name, unique within the kind
 * @param status whether its TRACE effects are guarded, declared safe, or neither
 * @param detail a short, human explanation: which guard, the reason it was declared safe, or why it
 *     is not guarded
 */
public record EffectChannel(Kind kind, String name, Status status, String detail) {

  /** Whether the TRACE effects of a channel are taken care of. */
  public enum Status {
    /** ContextKit suppresses, captures or rolls back the channel's effects under TRACE. */
    GUARDED,
    /** Not guarded, but declared safe for TRACE requests by configuration, with a reason. */
    SAFE,
    /** Neither guarded nor declared safe: a TRACE request could change the world through it. */
    UNGUARDED
  }

  /** What sort of channel; its {@link #id()} is the first segment of a safe declaration's key. */
  public enum Kind {
    /** A JDBC {@code DataSource} (a bean, an Agroal datasource, the target of a routing one). */
    DATA_SOURCE("data-source"),
    /** A reactive SQL client pool (Vert.x SQL clients, Hibernate Reactive's pool). */
    REACTIVE_SQL_POOL("reactive-sql-pool"),
    /** An R2DBC {@code ConnectionFactory}. */
    R2DBC_CONNECTION_FACTORY("r2dbc-connection-factory"),
    /** A transaction manager (blocking or reactive, JTA). */
    TRANSACTION_MANAGER("transaction-manager"),
    /** A Kafka producer, producer factory or template. */
    KAFKA_PRODUCER("kafka-producer"),
    /** A JMS connection factory or template. */
    JMS_CONNECTION_FACTORY("jms-connection-factory"),
    /** A RabbitMQ template or connection factory. */
    RABBIT("rabbit"),
    /** An outgoing channel of a messaging connector (SmallRye Reactive Messaging: AMQP, JMS...). */
    MESSAGING_CHANNEL("messaging-channel"),
    /** An HTTP client. */
    HTTP_CLIENT("http-client"),
    /** A mail sender. */
    MAIL_SENDER("mail-sender"),
    /** A cache manager or cache. */
    CACHE("cache"),
    /** An HTTP session repository (a session store). */
    SESSION_REPOSITORY("session-repository"),
    /** A client of another store: Redis, MongoDB, Elasticsearch, Cassandra, object storage. */
    DATA_CLIENT("data-client"),
    /** Anything else a guard or an application contributes. */
    OTHER("other");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The kebab-case id, e.g. {@code mail-sender}: stable, used in configuration keys. */
    public String id() {
      return id;
    }

    /** The kind whose {@link #id()} is {@code id} (case-insensitive), or null. */
    public static @Nullable Kind fromId(String id) {
      String lower = id.toLowerCase(Locale.ROOT);
      for (Kind kind : values()) {
        if (kind.id.equals(lower)) {
          return kind;
        }
      }
      return null;
    }
  }

  /** Validates and keeps the fields; {@code name} and {@code detail} are made printable. */
  public EffectChannel {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    name = printable(name);
    detail = printable(detail);
  }

  /** A channel whose TRACE effects ContextKit guards; {@code detail} says which guard. */
  public static EffectChannel guarded(Kind kind, String name, String detail) {
    return new EffectChannel(kind, name, Status.GUARDED, detail);
  }

  /** A channel nothing guards; {@code detail} says why. */
  public static EffectChannel unguarded(Kind kind, String name, String detail) {
    return new EffectChannel(kind, name, Status.UNGUARDED, detail);
  }

  /** This channel, declared safe with {@code reason}. */
  public EffectChannel declaredSafe(String reason) {
    return new EffectChannel(kind, name, Status.SAFE, reason);
  }

  /** Whether this is the channel {@code kind}/{@code name}. */
  public boolean is(Kind kind, String name) {
    return this.kind == kind && this.name.equals(name);
  }

  /** {@code kind-id name}, e.g. {@code mail-sender mailSender}: how messages name the channel. */
  public String label() {
    return kind.id + " " + name;
  }

  // Names and details end up in log lines and response bodies: no control characters.
  static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
