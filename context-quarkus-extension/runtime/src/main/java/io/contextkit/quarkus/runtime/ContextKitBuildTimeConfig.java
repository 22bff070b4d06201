package io.contextkit.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which ContextKit integrations are built into the application. */
@ConfigMapping(prefix = "quarkus.contextkit")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface ContextKitBuildTimeConfig {

  /** Whether ContextKit is wired at all; when false the extension registers nothing. */
  @WithDefault("true")
  boolean enabled();

  /** Inbound HTTP. */
  Web web();

  /** Outbound HTTP. */
  Client client();

  /** Log records. */
  Logging logging();

  /** An OpenTelemetry tracer (quarkus-opentelemetry) next to ContextKit. */
  Tracing tracing();

  /** Messaging connectors (SmallRye Reactive Messaging). */
  Messaging messaging();

  /** The TRACE guards of effect channels, switched at build time. */
  TraceChannels trace();

  /** TRACE guards of effect channels. */
  interface TraceChannels {
    /** Mail sent with quarkus-mailer. */
    Mail mail();

    /** The application data cache of quarkus-cache. */
    Cache cache();
  }

  /** Messaging connector settings. */
  interface Messaging {
    /** Kafka ({@code smallrye-kafka}). */
    Kafka kafka();

    /** AMQP 1.0 ({@code smallrye-amqp}). */
    Connector amqp();

    /** JMS ({@code smallrye-jms}). */
    Connector jms();
  }

  /** One messaging connector. */
  interface Connector {
    /**
     * Whether messages sent to the connector's channels carry the context in their properties
     * ({@code amqp}: application properties; {@code jms}: JMS properties), {@code @Incoming}
     * methods of its channels run in the context of the message, and a TRACE request's messages are
     * captured unless their destination is in {@code
     * quarkus.contextkit.messaging.internal-destinations} (then they are sent as TRACE). Needs
     * {@code quarkus-messaging-amqp} ({@code amqp}) or {@code
     * io.smallrye.reactive:smallrye-reactive-messaging-jms} ({@code jms}). When false, TRACE
     * messages to the connector's channels are sent for real.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** Mail settings. */
  interface Mail {
    /**
     * Whether the mails of a TRACE request are captured instead of sent, by every mailer of
     * quarkus-mailer (the default and named mailers: {@code Mailer}, {@code ReactiveMailer}, {@code
     * MailTemplate}, the Vert.x {@code MailClient} beans). When false, TRACE requests send mail for
     * real.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** Cache settings. */
  interface Cache {
    /**
     * Whether the caches of quarkus-cache keep the puts and invalidations of a TRACE request within
     * that request ({@code @CacheResult}, {@code @CacheInvalidate}, {@code @CacheInvalidateAll},
     * the {@code Cache} API). When false, TRACE requests fill and invalidate the shared caches.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** Vert.x {@code WebClient} settings. */
  interface WebClient {
    /**
     * Whether every Vert.x {@code WebClient} (and its Mutiny variant), those the application
     * creates with {@code WebClient.create(vertx)} included, carries the context as the trust
     * policy allows and applies the TRACE rules of outbound HTTP. Needs {@code vertx-web-client}.
     * When false, TRACE requests call every host for real. Quarkus only.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** Tracer settings. */
  interface Tracing {
    /**
     * Whether ContextKit alone reads and writes the W3C {@code baggage} header when
     * quarkus-opentelemetry propagates too. Its propagators ({@code quarkus.otel.propagators}, by
     * default {@code tracecontext,baggage}) then keep propagating the trace context but take no
     * baggage from requests and write none: otherwise the tracer takes an untrusted caller's {@code
     * baggage: user_id=...} into the request's OpenTelemetry context and sends it with every
     * outbound call, third parties included. OpenTelemetry {@code Baggage} the application sets
     * itself does not travel either.
     */
    @WithDefault("true")
    boolean exclusiveBaggage();
  }

  /** Kafka settings. */
  interface Kafka {
    /**
     * Whether records sent to Kafka channels carry the context in their headers and
     * {@code @Incoming} methods of Kafka channels run in the context of the record. Needs {@code
     * quarkus-messaging-kafka}.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** Inbound HTTP settings. */
  interface Web {
    /**
     * Whether Quarkus REST requests get a request context from their headers, and responses the
     * request id. Needs {@code quarkus-rest}.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** Outbound HTTP settings. */
  interface Client {
    /**
     * Whether every REST client writes the current context onto its requests, as the trust policy
     * allows for the destination. Needs {@code quarkus-rest-client}.
     */
    @WithDefault("true")
    boolean enabled();

    /** The Vert.x {@code WebClient} (Quarkus only). */
    WebClient webClient();
  }

  /** Log record settings. */
  interface Logging {
    /**
     * Whether every log record carries the context of the thread that logs it (ContextKit's MDC
     * keys are rewritten on the record when it reaches a handler), instead of the request-wide MDC
     * map Quarkus keeps per Vert.x duplicated context. Also: with {@code quarkus-logging-json} the
     * context fields are written as top-level keys of each JSON line (as on Spring) instead of
     * under {@code "mdc"}; with Quarkus' default console format (no {@code
     * quarkus.log.console.format} set) a line logged during a request shows {@code request_id=…
     * trace_id=…} before the message.
     */
    @WithDefault("true")
    boolean enabled();
  }
}
