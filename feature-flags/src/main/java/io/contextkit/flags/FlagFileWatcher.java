package io.contextkit.flags;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a {@link ContextKitFlagProvider} when a flags file changes, for runtimes whose
 * configuration does not change at run time (Quarkus) or for files edited in place.
 *
 * <p>Polls the file's resolved path, modification time and size at a fixed interval; polling
 * (rather than a {@code WatchService}) also sees Kubernetes ConfigMap updates, which swap a
 * symlink. On a change it calls {@link ContextKitFlagProvider#reload}, so a bad file keeps the last
 * good definitions and is reported by {@link ContextKitFlagProvider#lastReloadError()}. Uses one
 * daemon thread; {@link #close()} stops it.
 *
 * <pre>{@code
 * Map<String, String> props = ...; // contextkit.flags.file=/etc/flags/flags.flagd.json, overrides
 * FlagFileWatcher watcher = FlagFileWatcher.start(provider, Path.of("/etc/flags/flags.flagd.json"),
 *     () -> FlagDefinitionsLoader.fromProperties(props), Duration.ofSeconds(5));
 * }</pre>
 */
public final class FlagFileWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlagFileWatcher.class);

  private final ContextKitFlagProvider provider;
  private final Path file;
  private final Supplier<FlagDefinitions> loader;
  private final ScheduledExecutorService scheduler;
  private String signature;

  private FlagFileWatcher(
      ContextKitFlagProvider provider,
      Path file,
      Supplier<FlagDefinitions> loader,
      ScheduledExecutorService scheduler) {
    this.provider = provider;
    this.file = file;
    this.loader = loader;
    this.scheduler = scheduler;
    this.signature = signature(file);
  }

  /**
   * Starts watching {@code file}; the current state of the file counts as loaded.
   *
   * @param loader builds the definitions to serve after a change (typically the same call that
   *     built the provider's initial definitions)
   */
  public static FlagFileWatcher start(
      ContextKitFlagProvider provider,
      Path file,
      Supplier<FlagDefinitions> loader,
      Duration interval) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(loader, "loader");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "contextkit-flag-file-watcher");
              t.setDaemon(true);
              return t;
            });
    FlagFileWatcher watcher = new FlagFileWatcher(provider, file, loader, scheduler);
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(watcher::checkNow, millis, millis, TimeUnit.MILLISECONDS);
    return watcher;
  }

  /**
   * Checks the file once, reloading when it changed since the last check.
   *
   * @return {@code true} when the file had changed (whether or not the reload succeeded)
   */
  public synchronized boolean checkNow() {
    try {
      String now = signature(file);
      if (now.equals(signature)) {
        return false;
      }
      signature = now;
      provider.reload(loader);
      return true;
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; keep watching instead.
      LOG.warn("Checking flags file {} failed", file, e);
      return false;
    }
  }

  private static String signature(Path file) {
    try {
      Path real = file.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      return real + "|" + attributes.lastModifiedTime().toMillis() + "|" + attributes.size();
    } catch (IOException e) {
      return "missing";
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
