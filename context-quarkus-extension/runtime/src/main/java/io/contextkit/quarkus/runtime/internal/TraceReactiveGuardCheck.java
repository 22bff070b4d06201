package io.contextkit.quarkus.runtime.internal;

import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What the build found about the Vert.x SQL client pools of the application: reactive datasources
 * whose pool could not be guarded (TRACE requests are then refused with 503, since their SQL would
 * commit for real), and other pool beans (produced by the application) that ContextKit does not
 * wrap. Both are logged as warnings at startup.
 */
@Singleton
public final class TraceReactiveGuardCheck {

  private static final Logger LOG = Logger.getLogger(TraceReactiveGuardCheck.class);

  private volatile List<String> unguarded = List.of();

  /** Created by ArC. */
  TraceReactiveGuardCheck() {}

  /**
   * Records the findings and logs them.
   *
   * @param unguardedDataSources reactive datasources whose pool is not guarded, with the reason
   * @param otherPoolBeans pool beans not created by a reactive datasource
   */
  public void report(List<String> unguardedDataSources, List<String> otherPoolBeans) {
    unguarded = List.copyOf(unguardedDataSources);
    if (!unguarded.isEmpty()) {
      LOG.warn(
          "ContextKit TRACE: the SQL client pool of "
              + String.join("; ", unguarded)
              + " is not guarded, so TRACE requests are refused (503) while it is there");
    }
    if (!otherPoolBeans.isEmpty()) {
      LOG.warn(
          "ContextKit TRACE: the Vert.x SQL client pool bean(s) "
              + String.join(", ", otherPoolBeans)
              + " are not a reactive datasource's: unless they hand out a reactive datasource's"
              + " (guarded) pool, the SQL of TRACE requests through them is not guarded");
    }
  }

  /** The reactive datasources whose pool is not guarded; TRACE is refused while any is. */
  public List<String> unguarded() {
    return unguarded;
  }
}
