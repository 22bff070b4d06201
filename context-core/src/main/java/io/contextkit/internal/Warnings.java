package io.contextkit.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warns once per kind of problem, through the JDK's platform logger (routed to SLF4J or JBoss
 * Logging by the frameworks), so a misuse in a hot loop cannot flood the log. Counters keep the
 * exact numbers.
 */
public final class Warnings {

  private static final System.Logger LOGGER = System.getLogger("io.contextkit");
  private static final ConcurrentHashMap<String, AtomicBoolean> WARNED = new ConcurrentHashMap<>();

  private Warnings() {}

  /** Logs {@code message} at WARNING the first time {@code kind} is seen in this JVM. */
  public static void once(String kind, String message) {
    AtomicBoolean flag = WARNED.computeIfAbsent(kind, k -> new AtomicBoolean());
    if (flag.compareAndSet(false, true)) {
      LOGGER.log(
          Level.WARNING, message + " (logged once; see the ContextKit counters for how often)");
    }
  }
}
