package io.contextkit.spring.autoconfigure.flags.internal;

import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagDefinitions;
import io.contextkit.flags.FlagDefinitionsLoader;
import io.contextkit.flags.FlagFileWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * Reloads ContextKit's provider from the Environment: when the flags file changes (polled by a
 * {@link FlagFileWatcher}, for a file on the file system) and when asked (the Environment changed).
 * A failed reload keeps the previous definitions and is reported by the provider's {@code
 * lastReloadError()}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class FlagReloader implements DisposableBean {

  private final ContextKitFlagProvider provider;
  private final Supplier<FlagDefinitions> loader;
  private final @Nullable FlagFileWatcher watcher;

  public FlagReloader(
      ContextKitFlagProvider provider, FlagProperties properties, Duration watchInterval) {
    this.provider = provider;
    // Unlike startup, a reload reports the loader's own exception: the provider keeps its message.
    this.loader =
        () -> FlagDefinitionsLoader.fromProperties(properties.read(), FlagProperties.PREFIX);
    String file = properties.file();
    this.watcher =
        file == null || file.startsWith("classpath:")
            ? null
            : FlagFileWatcher.start(provider, Path.of(file), loader, watchInterval);
  }

  /**
   * Reloads the definitions now.
   *
   * @return {@code true} when the new definitions are in service
   */
  public boolean reload() {
    return provider.reload(loader);
  }

  /** Whether a flags file on the file system is being watched. */
  public boolean watchingFile() {
    return watcher != null;
  }

  @Override
  public void destroy() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
