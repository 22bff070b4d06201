package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
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

  private static String flags(String defaultVariant, int other) {
    return "{\"flags\":{\"banner\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\""
        + defaultVariant
        + "\"},\"other\":{\"state\":\"ENABLED\",\"variants\":{\"x\":"
        + other
        + "},\"defaultVariant\":\"x\"}}}";
  }

  private static void write(Path file, String content, long bumpSeconds) throws IOException {
    Files.writeString(file, content);
    // Make the change visible even on file systems with coarse timestamps.
    Files.setLastModifiedTime(
        file, FileTime.fromMillis(System.currentTimeMillis() + bumpSeconds * 1000));
  }

  @Test
  void reloadsWhenTheFileChangesKeepingTheOtherFlagsOfABadOneAndTheLastGoodFileWhenItBreaks(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.flagd.json");
    write(file, flags("off", 1), 0);
    Map<String, String> props = Map.of("contextkit.flags.file", file.toString());
    Supplier<FlagDefinitions> loader = () -> FlagDefinitionsLoader.fromProperties(props);
    ContextKitFlagProvider provider = new ContextKitFlagProvider(loader.get());
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(provider);
    BlockingQueue<EventDetails> events = new LinkedBlockingQueue<>();
    api.onProviderConfigurationChanged(events::add);
    Client client = api.getClient();

    try (FlagFileWatcher watcher =
        FlagFileWatcher.start(provider, file, loader, Duration.ofHours(1))) {
      assertThat(watcher.checkNow()).isFalse();

      write(file, flags("on", 1), 10);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(client.getBooleanValue("banner", false)).isTrue();
      EventDetails event = events.poll(5, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.getFlagsChanged()).containsExactly("banner");

      // One bad flag: it answers an error, the other flag of the file is reloaded all the same.
      write(file, flags("purple", 2), 20);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(provider.lastReloadError()).isNull();
      FlagEvaluationDetails<Boolean> banner = client.getBooleanDetails("banner", false);
      assertThat(banner.getReason()).isEqualTo("ERROR");
      assertThat(banner.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
      assertThat(banner.getErrorMessage()).contains("defaultVariant \"purple\"");
      assertThat(client.getIntegerValue("other", 0)).isEqualTo(2);
      assertThat(provider.definitions().definition("banner").invalid()).isTrue();

      // A file that is not JSON at all: the last definitions stay.
      write(file, "{ not json", 30);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(provider.lastReloadError()).isNotNull();
      assertThat(provider.lastReloadError().message()).contains("invalid JSON");
      assertThat(client.getIntegerValue("other", 0)).isEqualTo(2);

      Files.delete(file);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(provider.lastReloadError().message()).contains("cannot read flags file");
      assertThat(client.getIntegerValue("other", 0)).isEqualTo(2);
    } finally {
      api.shutdown();
    }
  }

  @Test
  void keepsTheLastGoodDefinitionsWhenAFileWithABadFlagIsReloadedInStrictMode(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("flags.flagd.json");
    write(file, flags("on", 1), 0);
    Map<String, String> props =
        Map.of("contextkit.flags.file", file.toString(), "contextkit.flags.strict", "true");
    Supplier<FlagDefinitions> loader = () -> FlagDefinitionsLoader.fromProperties(props);
    ContextKitFlagProvider provider = new ContextKitFlagProvider(loader.get());
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(provider);

    try (FlagFileWatcher watcher =
        FlagFileWatcher.start(provider, file, loader, Duration.ofHours(1))) {
      write(file, flags("purple", 2), 10);
      assertThat(watcher.checkNow()).isTrue();
      assertThat(provider.lastReloadError().message())
          .contains("flag \"banner\"")
          .contains("defaultVariant \"purple\"");
      assertThat(api.getClient().getBooleanValue("banner", false)).isTrue();
      assertThat(api.getClient().getIntegerValue("other", 0)).isEqualTo(1);
    } finally {
      api.shutdown();
    }
  }
}
