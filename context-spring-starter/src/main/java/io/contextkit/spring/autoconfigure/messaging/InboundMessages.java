package io.contextkit.spring.autoconfigure.messaging;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.TraceActivation;
import io.contextkit.trust.InboundPeer;
import io.contextkit.w3c.HeaderGetter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The inbound rules every messaging integration applies, in one place.
 *
 * <ul>
 *   <li>A message has no remote address and no authenticated peer, so it is extracted with {@link
 *       #PEER} (no address, no name): its identity fields count only when it carries a valid
 *       context signature, which only producers of the same deployment can make.
 *   <li>A message asking to run as TRACE without the trust to do so, or with a malformed {@code
 *       request_type}, is {@linkplain #refuses refused}: it is never run as STANDARD (it could make
 *       the durable side effects its producer meant to suppress), it is logged and skipped.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class InboundMessages {

  /** The peer of every consumed message: unknown, so never a trusted peer. */
  public static final InboundPeer PEER = new InboundPeer(null, null);

  private static final Log LOG = LogFactory.getLog(InboundMessages.class);

  private InboundMessages() {}

  /**
   * Drops whatever the consuming thread still holds ({@link ContextBarrier#enter()}) and extracts
   * the message's context. Never throws for any header content.
   */
  public static <C> InboundContext enter(
      ContextPropagator propagator, C carrier, HeaderGetter<C> getter) {
    ContextBarrier.enter();
    return propagator.extractMessage(carrier, getter, PEER);
  }

  /**
   * Whether the message must not be processed, because it asks for TRACE without the trust to get
   * it or names an unknown request type. Logs the refusal with the destination (never with header
   * content).
   */
  public static boolean refuses(InboundContext inbound, String broker, String destination) {
    TraceActivation activation = inbound.traceActivation();
    if (activation != TraceActivation.UNTRUSTED && activation != TraceActivation.MALFORMED) {
      return false;
    }
    LOG.warn(
        "Skipped a "
            + broker
            + " message from '"
            + destination
            + "': its request_type was "
            + (activation == TraceActivation.MALFORMED
                ? "malformed"
                : "TRACE from an untrusted producer (a TRACE message needs a valid context"
                    + " signature)")
            + "; it was not processed");
    return true;
  }
}
