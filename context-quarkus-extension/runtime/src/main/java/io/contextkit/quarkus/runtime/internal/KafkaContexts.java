package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Reads the context from Kafka record headers and writes it onto them, with the same codec and
 * trust policy as HTTP. A record's sender is the peer named {@code kafka:<topic>}: list that name
 * in {@code quarkus.contextkit.trust.trusted-peer-names} to accept the identity fields of a topic
 * without a signature; otherwise only signed contexts are trusted.
 */
@Singleton
public final class KafkaContexts {

  /** The prefix of the peer name a record's sender is known by. */
  public static final String PEER_PREFIX = "kafka:";

  private static final Logger LOG = Logger.getLogger(KafkaContexts.class);

  private final ContextPropagator propagator;

  /** Reads and writes with {@code propagator} (public for ContextKit's own tests). */
  @Inject
  public KafkaContexts(ContextPropagator propagator) {
    this.propagator = propagator;
  }

  /**
   * The context of a consumed record: a new unit of work continuing the sender's trace. Malformed
   * headers are dropped and counted; never throws for any header content.
   */
  public RequestContext extract(Headers headers, String topic) {
    return extractInbound(headers, topic).context();
  }

  /**
   * The whole inbound result for a consumed record, including what became of a TRACE ask ({@link
   * InboundContext#traceActivation()}).
   */
  public InboundContext extractInbound(Headers headers, String topic) {
    return propagator.extractMessage(headers, GETTER, InboundPeer.ofName(PEER_PREFIX + topic));
  }

  /**
   * Whether a consumed record must not be processed: it asks for TRACE from a sender that is not
   * trusted, or its {@code request_type} is malformed or ambiguous. Run as STANDARD, it could
   * persist what its sender meant as a dry run.
   */
  public static boolean refuses(InboundContext inbound) {
    TraceActivation activation = inbound.traceActivation();
    return activation == TraceActivation.UNTRUSTED || activation == TraceActivation.MALFORMED;
  }

  /** Why a {@linkplain #refuses refused} record of {@code topic} is not processed (no values). */
  public static String refusal(String topic, InboundContext inbound) {
    if (inbound.traceActivation() == TraceActivation.MALFORMED) {
      return "Kafka record of topic "
          + topic
          + " not processed: its request_type was malformed or ambiguous (exactly one baggage"
          + " entry request_type=TRACE or request_type=STANDARD is accepted)";
    }
    return "Kafka record of topic "
        + topic
        + " not processed: it asks for TRACE but its sender is not trusted (list kafka:"
        + topic
        + " in quarkus.contextkit.trust.trusted-peer-names or sign the context)";
  }

  /** Logs, once, that a {@linkplain #refuses refused} record was skipped. */
  public static void logSkipped(String topic, InboundContext inbound) {
    LOG.warn("Skipped: " + refusal(topic, inbound));
  }

  /** Writes {@code context} onto a record's headers, as {@code policy} allows. */
  void inject(RequestContext context, Headers headers, OutboundPolicy policy) {
    propagator.injectMessage(context, headers, SETTER, policy);
  }

  // Header values are bytes; W3C headers are ASCII, so anything else fails the codec's checks.
  // Kafka header names are case-sensitive: the lowercase names we write are the ones read.
  private static final HeaderGetter<Headers> GETTER =
      new HeaderGetter<>() {
        @Override
        public @Nullable String get(Headers carrier, String name) {
          for (Header header : carrier.headers(name)) {
            if (header.value() != null) {
              return decode(header.value());
            }
          }
          return null;
        }

        @Override
        public Iterator<String> getAll(Headers carrier, String name) {
          Iterator<Header> headers = carrier.headers(name).iterator();
          return new Iterator<>() {
            private @Nullable String next = advance();

            private @Nullable String advance() {
              while (headers.hasNext()) {
                byte[] value = headers.next().value();
                if (value != null) {
                  return decode(value);
                }
              }
              return null;
            }

            @Override
            public boolean hasNext() {
              return next != null;
            }

            @Override
            public String next() {
              String current = next;
              if (current == null) {
                throw new NoSuchElementException();
              }
              next = advance();
              return current;
            }
          };
        }
      };

  /** Replaces a header, so a header the application set is not sent twice. */
  private static final HeaderSetter<Headers> SETTER =
      (carrier, name, value) -> {
        carrier.remove(name);
        carrier.add(name, value.getBytes(StandardCharsets.UTF_8));
      };

  private static String decode(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
