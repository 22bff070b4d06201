package io.contextkit.dependencies;

/** What the other end of a {@link DependencyEdge} is. */
public enum DependencyKind {
  /** An HTTP host inside the trust boundary ({@code contextkit.trust.internal-hosts}). */
  INTERNAL_SERVICE,
  /** An HTTP host outside the trust boundary. */
  THIRD_PARTY,
  /** A Kafka topic. */
  KAFKA_TOPIC,
  /** A JMS queue or topic. */
  JMS_DESTINATION,
  /** A RabbitMQ exchange (published to) or queue (consumed from). */
  RABBIT_EXCHANGE,
  /** A JDBC data source or persistence unit. */
  DATASOURCE,
  /** A mail server. */
  MAIL,
  /** A cache. */
  CACHE,
  /** An AMQP 1.0 address (a queue or topic of an AMQP 1.0 broker such as Artemis or Qpid). */
  AMQP_ADDRESS
}
