package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagFileWatcherTest {

  private static String flags(String defaultVariant) {
    return "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\""
        + defaultVariant
        + "\"},\"other\":{\"state\":\"ENABLED\",\"variants\":{\"x\":1},\"defaultVariant\":\"x\"}}}";
  }

  private static void write(Path file, String content, long bumpSeconds) throws IOException {
    Files.writeString(file, content);
    // Make the change visible even on file systems with coarse timestamps.
    Files.setLastModifiedTime(
        file, FileTime.fromMillis(System.currentTimeMillis() + bumpSeconds * 1000));
  }

  @Test
  void reloadsWhenTheFileChangesAndKeepsTheLastGoodDefinitionsWhenItBreaks(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("flags.flagd.json");
    write(file, flags("off"), 0);
    Map<String, String> props = Map.of("contextkit.flags.file", file.toString());
    Supplier<FlagDefinitions> loader = () -> FlagDefinitionsLoader.fromProperties(props);
    ContextKitFlagProvider provider = new ContextKitFlagProvider(loader.get());
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(provider);
    BlockingQueue<EventDetails> events = new LinkedBlockingQueue<>();
    api.onProviderConfigurationChanged(events::add);

    try (FlagFileWatcher watcher =
        FlagFileWatcher.start(provider, file, loader, Duration.ofHours(1))) {
      assertThat(watcher.checkNow()).isFalse();

      write(file, flags("on"), 10);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(api.getClient().getBooleanValue("banner", false)).isTrue();
      EventDetails event = events.poll(5, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.getFlagsChanged()).containsExactly("banner");

      write(file, flags("purple"), 20);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(provider.lastReloadError()).isNotNull();
      assertThat(provider.lastReloadError().message())
          .contains("flag \"banner\"")
          .contains("defaultVariant \"purple\"");
      assertThat(api.getClient().getBooleanValue("banner", false)).isTrue();

      Files.delete(file);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(provider.lastReloadError().message()).contains("cannot read flags file");
      assertThat(api.getClient().getBooleanValue("banner", false)).isTrue();
    } finally {
      api.shutdown();
    }
  }
}
