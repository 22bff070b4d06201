package io.contextkit.spring.autoconfigure.trace;

import io.contextkit.noop.UnguardedChannels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The TRACE-guard settings under {@code contextkit.trace.*} (the TRACE permission, {@code
 * contextkit.trace.permission}, is part of {@code ContextKitProperties}).
 *
 * <pre>{@code
 * contextkit.trace.safe-hosts=maps.example.com
 * contextkit.trace.synthetic-responses[*.stripe.com].status=200
 * contextkit.trace.synthetic-responses[*.stripe.com].content-type=application/json
 * contextkit.trace.synthetic-responses[*.stripe.com].body={"id":"ch_trace"}
 * }</pre>
 */
@ConfigurationProperties("contextkit.trace")
public class TraceProperties {

  /**
   * Whether TRACE requests are served. When false, a TRACE request (Spring MVC or WebFlux) is
   * rejected with 503 before any application code runs; it is never run as a real request. The
   * guards (transactions, data sources, R2DBC connection factories, HTTP clients, message
   * producers) stay on either way.
   */
  private boolean enabled = true;

  /**
   * Comma-separated list of third-party host patterns that TRACE requests may call for real
   * (without the context): host names, *.suffix wildcards, IP literals or CIDR blocks, each
   * optionally with :port.
   */
  private List<String> safeHosts = new ArrayList<>();

  /**
   * Synthetic responses by third-party host pattern. When several patterns match, the longest
   * pattern wins (equal lengths: the alphabetically first), whatever order they are declared in; a
   * TRACE call to a third party that matches none gets 202 with an empty body.
   */
  private Map<String, Synthetic> syntheticResponses = new LinkedHashMap<>();

  /**
   * Destination patterns (names with * wildcards: orders, orders.*, *-audit, *) whose TRACE
   * messages are captured even when they are contextkit.messaging.internal-destinations: they keep
   * receiving the full context of STANDARD messages, but a TRACE request never publishes to them.
   * For topics whose consumers are not ContextKit-enabled, or when a TRACE run must leave no
   * message at all.
   */
  private List<String> capturedDestinations = new ArrayList<>();

  /**
   * What TRACE requests do while an effect channel (a data source, transaction manager, producer,
   * HTTP client, mail sender, cache, session store, data client) is neither guarded nor declared
   * safe: refuse (503 before any application code runs, naming the channels) or warn (run, one
   * warning at startup, each such request counted as trace.served-unguarded).
   */
  private UnguardedChannels unguardedChannels = UnguardedChannels.REFUSE;

  /**
   * Effect channels declared safe for TRACE requests, by kind then name, the value being the
   * reason: contextkit.trace.safe-channels.mail-sender.mailSender=sandbox relay. Kinds:
   * data-source, reactive-sql-pool, r2dbc-connection-factory, transaction-manager, kafka-producer,
   * jms-connection-factory, rabbit, messaging-channel, http-client, mail-sender, cache,
   * session-repository, data-client, other. A name other than letters, digits and '-' goes in
   * brackets: contextkit.trace.safe-channels.data-source[router[replica]].
   */
  private Map<String, Map<String, String>> safeChannels = new LinkedHashMap<>();

  public UnguardedChannels getUnguardedChannels() {
    return unguardedChannels;
  }

  public void setUnguardedChannels(UnguardedChannels unguardedChannels) {
    this.unguardedChannels = unguardedChannels;
  }

  public Map<String, Map<String, String>> getSafeChannels() {
    return safeChannels;
  }

  public void setSafeChannels(Map<String, Map<String, String>> safeChannels) {
    this.safeChannels = safeChannels;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getSafeHosts() {
    return safeHosts;
  }

  public void setSafeHosts(List<String> safeHosts) {
    this.safeHosts = safeHosts;
  }

  public List<String> getCapturedDestinations() {
    return capturedDestinations;
  }

  public void setCapturedDestinations(List<String> capturedDestinations) {
    this.capturedDestinations = capturedDestinations;
  }

  public Map<String, Synthetic> getSyntheticResponses() {
    return syntheticResponses;
  }

  public void setSyntheticResponses(Map<String, Synthetic> syntheticResponses) {
    this.syntheticResponses = syntheticResponses;
  }

  /** The response a TRACE call to a matching third party receives instead of calling it. */
  public static class Synthetic {

    /** HTTP status of the synthetic response. */
    private int status = 202;

    /** Content type of the synthetic response. */
    private String contentType = "application/json";

    /** Body of the synthetic response (UTF-8). */
    private String body = "";

    public int getStatus() {
      return status;
    }

    public void setStatus(int status) {
      this.status = status;
    }

    public String getContentType() {
      return contentType;
    }

    public void setContentType(String contentType) {
      this.contentType = contentType;
    }

    public String getBody() {
      return body;
    }

    public void setBody(String body) {
      this.body = body;
    }
  }
}
