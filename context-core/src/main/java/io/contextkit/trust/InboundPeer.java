package io.contextkit.trust;

import org.jspecify.annotations.Nullable;

/**
 * Who sent an inbound request or message, as the transport knows it.
 *
 * @param remoteAddress the remote IP address as the transport reports it ({@code 10.1.2.3}, {@code
 *     0:0:0:0:0:0:0:1}, {@code [::1]}, {@code fe80::1%eth0}); {@code null} when the transport has
 *     none (a message consumed from a broker). Host names never match address entries: they are not
 *     resolved.
 * @param peerName the authenticated name of the peer (an mTLS subject, a SPIFFE id, a service
 *     principal), or {@code null} when the peer did not authenticate. Only pass names the transport
 *     or security layer has authenticated, never a value read from a request header.
 */
public record InboundPeer(@Nullable String remoteAddress, @Nullable String peerName) {

  /** A peer known only by its remote address. */
  public static InboundPeer ofAddress(@Nullable String remoteAddress) {
    return new InboundPeer(remoteAddress, null);
  }

  /** A peer known by its authenticated name only. */
  public static InboundPeer ofName(@Nullable String peerName) {
    return new InboundPeer(null, peerName);
  }
}
