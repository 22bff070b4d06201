package io.contextkit.quarkus.deployment;

import io.quarkus.builder.item.MultiBuildItem;
import java.util.Objects;

/**
 * One effect channel of the application whose library is present, and whether this build guards it
 * for TRACE requests: produced for the mailers of quarkus-mailer, the caches of quarkus-cache, the
 * Vert.x {@code WebClient} and the AMQP and JMS connectors. A channel that is switched off ({@code
 * quarkus.contextkit.<leaf>.enabled=false}) is produced unguarded, with the key in its detail, so
 * the inventory of effect channels can report it.
 */
public final class TraceChannelBuildItem extends MultiBuildItem {

  private final String kind;
  private final String name;
  private final boolean guarded;
  private final String detail;

  /**
   * @param kind what sort of channel: {@code mail}, {@code cache}, {@code http-client}, {@code
   *     messaging}
   * @param name the channel, e.g. {@code quarkus-mailer} or {@code smallrye-amqp}
   * @param guarded whether ContextKit captures, holds or decides its effects under TRACE
   * @param detail how it is guarded, or the key that switched the guard off
   */
  public TraceChannelBuildItem(String kind, String name, boolean guarded, String detail) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    this.guarded = guarded;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public boolean guarded() {
    return guarded;
  }

  public String detail() {
    return detail;
  }
}
