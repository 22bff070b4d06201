package io.contextkit.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.noop.EffectChannelInventory.Keys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectChannelInventoryTest {

  private static final EffectChannel DB =
      EffectChannel.guarded(Kind.DATA_SOURCE, "dataSource", "TraceGuardDataSource");
  private static final EffectChannel MAIL =
      EffectChannel.unguarded(Kind.MAIL_SENDER, "mailSender", "no TRACE guard for mail");
  private static final EffectChannel CACHE =
      EffectChannel.unguarded(Kind.CACHE, "cacheManager", "no TRACE guard for caches");

  @Test
  void listsChannelsByKindThenNameAndCountsEachStatus() {
    EffectChannelInventory inventory =
        EffectChannelInventory.create(List.of(CACHE, MAIL, DB), Map.of(), Keys.spring());

    assertThat(inventory.channels()).containsExactly(DB, MAIL, CACHE);
    assertThat(inventory.unguarded()).containsExactly(MAIL, CACHE);
    assertThat(inventory.count(Status.GUARDED)).isEqualTo(1);
    assertThat(inventory.count(Status.UNGUARDED)).isEqualTo(2);
    assertThat(inventory.summary())
        .isEqualTo("1 guarded, 0 safe, 2 unguarded: mail-sender mailSender, cache cacheManager");
  }

  @Test
  void aSafeDeclarationMakesAnUnguardedChannelSafeWithItsReason() {
    EffectChannelInventory inventory =
        EffectChannelInventory.create(
            List.of(DB, MAIL),
            Map.of("mail-sender", Map.of("mailSender", "  sandbox relay  ")),
            Keys.spring());

    assertThat(inventory.unguarded()).isEmpty();
    assertThat(inventory.channels())
        .contains(new EffectChannel(Kind.MAIL_SENDER, "mailSender", Status.SAFE, "sandbox relay"));
    assertThat(inventory.summary()).isEqualTo("1 guarded, 1 safe, 0 unguarded");
  }

  @Test
  void aGuardedChannelDeclaredSafeStaysGuarded() {
    EffectChannelInventory inventory =
        EffectChannelInventory.create(
            List.of(DB), Map.of("data-source", Map.of("dataSource", "why not")), Keys.spring());

    assertThat(inventory.channels()).containsExactly(DB);
    assertThat(inventory.unusedSafeDeclarations()).isEmpty();
  }

  @Test
  void theSameNameOfAnotherKindIsNotDeclaredSafe() {
    EffectChannelInventory inventory =
        EffectChannelInventory.create(
            List.of(MAIL), Map.of("cache", Map.of("mailSender", "reason")), Keys.spring());

    assertThat(inventory.unguarded()).containsExactly(MAIL);
    assertThat(inventory.unusedSafeDeclarations())
        .containsExactly("contextkit.trace.safe-channels.cache.mailSender");
  }

  @Test
  void anUnknownKindIsAnErrorNamingTheKeyAndTheKinds() {
    assertThatThrownBy(
            () ->
                EffectChannelInventory.create(
                    List.of(MAIL), Map.of("mail", Map.of("mailSender", "r")), Keys.quarkus()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quarkus.contextkit.trace.safe-channels.mail:")
        .hasMessageContaining("unknown effect channel kind 'mail'")
        .hasMessageContaining("mail-sender");
  }

  @Test
  void aBlankReasonIsAnErrorNamingTheKey() {
    assertThatThrownBy(
            () ->
                EffectChannelInventory.create(
                    List.of(MAIL), Map.of("mail-sender", Map.of("mailSender", " ")), Keys.spring()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("contextkit.trace.safe-channels.mail-sender.mailSender:")
        .hasMessageContaining("reason");
  }

  @Test
  void theFirstOfTwoChannelsWithTheSameKindAndNameCounts() {
    EffectChannel guardedMail = EffectChannel.guarded(Kind.MAIL_SENDER, "mailSender", "captured");

    EffectChannelInventory inventory =
        EffectChannelInventory.create(List.of(guardedMail, MAIL), Map.of(), Keys.spring());

    assertThat(inventory.channels()).containsExactly(guardedMail);
  }

  @Test
  void keysQuoteNamesTheWayEachStackReadsThem() {
    assertThat(Keys.spring().safeChannel(Kind.MAIL_SENDER, "mailSender"))
        .isEqualTo("contextkit.trace.safe-channels.mail-sender.mailSender");
    assertThat(Keys.spring().safeChannel(Kind.DATA_SOURCE, "routing[primary]"))
        .isEqualTo("contextkit.trace.safe-channels.data-source[routing[primary]]");
    assertThat(Keys.quarkus().safeChannel(Kind.DATA_SOURCE, "<default>"))
        .isEqualTo("quarkus.contextkit.trace.safe-channels.data-source.\"<default>\"");
    assertThat(Keys.quarkus().policy()).isEqualTo("quarkus.contextkit.trace.unguarded-channels");
  }

  @Test
  void namesAndDetailsNeverCarryControlCharacters() {
    EffectChannel channel = EffectChannel.unguarded(Kind.OTHER, "a\nb", "x\ry");

    assertThat(channel.name()).isEqualTo("a?b");
    assertThat(channel.detail()).isEqualTo("x?y");
  }
}
