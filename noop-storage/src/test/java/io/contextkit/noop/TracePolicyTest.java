package io.contextkit.noop;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.Refusal;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannelInventory.Keys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracePolicyTest {

  private static final EffectChannel DB =
      EffectChannel.guarded(Kind.DATA_SOURCE, "dataSource", "TraceGuardDataSource");
  private static final EffectChannel MAIL =
      EffectChannel.unguarded(Kind.MAIL_SENDER, "mailSender", "no TRACE guard for mail");

  private static EffectChannelInventory inventory(EffectChannel... channels) {
    return EffectChannelInventory.create(List.of(channels), Map.of(), Keys.spring());
  }

  @Test
  void aTraceRequestRunsWhenEveryChannelIsGuardedOrSafe() {
    TracePolicy policy = TracePolicy.of(true, UnguardedChannels.REFUSE, inventory(DB));

    assertThat(policy.refusal()).isNull();
    assertThat(policy.startupLineIsWarning()).isFalse();
    assertThat(policy.startupLine())
        .isEqualTo(
            "ContextKit TRACE effect channels: 1 guarded, 0 safe, 0 unguarded."
                + " TRACE requests are served");
  }

  @Test
  void anUnguardedChannelRefusesEveryTraceRequestNamingItAndTheKeys() {
    TracePolicy policy = TracePolicy.of(true, UnguardedChannels.REFUSE, inventory(DB, MAIL));
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED);

    String refusal = policy.refusal();

    assertThat(refusal)
        .startsWith("TRACE request refused: 1 effect channel is neither guarded nor declared safe")
        .contains("mail-sender mailSender (no TRACE guard for mail)")
        .contains("contextkit.trace.safe-channels.mail-sender.mailSender=<reason>")
        .contains("contextkit.trace.unguarded-channels=warn")
        .doesNotContain("dataSource");
    assertThat(policy.refusalKind()).isEqualTo(Refusal.UNGUARDED_CHANNELS);
    // Counted once, by the entry point that answers and logs the refusal (RefusalLog).
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(refused);
    assertThat(policy.startupLineIsWarning()).isTrue();
    assertThat(policy.startupLine())
        .contains("1 guarded, 0 safe, 1 unguarded: mail-sender mailSender")
        .contains("TRACE requests are refused with 503");
  }

  @Test
  void warnLetsTraceRequestsRunAndCountsEach() {
    TracePolicy policy = TracePolicy.of(true, UnguardedChannels.WARN, inventory(DB, MAIL));
    long served = ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED);

    assertThat(policy.refusal()).isNull();
    assertThat(policy.refusal()).isNull();

    assertThat(ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED)).isEqualTo(served + 2);
    assertThat(policy.startupLineIsWarning()).isTrue();
    assertThat(policy.startupLine())
        .contains("TRACE requests run anyway (contextkit.trace.unguarded-channels=warn)");
  }

  @Test
  void theKillSwitchTakesPrecedenceWithItsOwnMessage() {
    TracePolicy policy = TracePolicy.of(false, UnguardedChannels.REFUSE, inventory(MAIL));
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED);

    assertThat(policy.refusal()).isEqualTo(TracePolicy.DISABLED);
    assertThat(policy.refusalKind()).isEqualTo(Refusal.TRACE_DISABLED);
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(refused);
    assertThat(policy.startupLine()).contains("contextkit.trace.enabled=false");
  }

  @Test
  void beforeTheInventoryIsBuiltEveryTraceRequestIsRefused() {
    assertThat(TracePolicy.starting(true).refusal()).contains("still starting");
    assertThat(TracePolicy.starting(false).refusal()).isEqualTo(TracePolicy.DISABLED);
  }

  @Test
  void theStartupLineNamesSafeDeclarationsThatMatchNothing() {
    EffectChannelInventory inventory =
        EffectChannelInventory.create(
            List.of(DB), Map.of("mail-sender", Map.of("mailSendr", "typo")), Keys.spring());

    TracePolicy policy = TracePolicy.of(true, UnguardedChannels.REFUSE, inventory);

    assertThat(policy.refusal()).isNull();
    assertThat(policy.startupLineIsWarning()).isTrue();
    assertThat(policy.startupLine())
        .contains("naming no channel")
        .contains("contextkit.trace.safe-channels.mail-sender.mailSendr");
  }
}
