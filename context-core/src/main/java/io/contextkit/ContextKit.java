package io.contextkit;

import io.contextkit.dependencies.DependencyMap;
import io.contextkit.internal.MdcProjection;
import io.contextkit.internal.SpanProjection;
import io.contextkit.spi.ContextLocator;
import io.contextkit.spi.ContextProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * ContextKit's one process-wide registry: the {@linkplain #counters() counters} of dropped and
 * repaired things, the {@linkplain #setProjections(List) projections} applied on every scope change
 * and the {@linkplain #setLocator(ContextLocator) locator} of the request a thread works for
 * outside any scope.
 *
 * <p>By default the projections are the SLF4J MDC (when SLF4J is on the class path) and the active
 * OpenTelemetry span's attributes. Frameworks configure this once at startup; it is not meant to
 * change while requests are served (a change applies to scopes opened afterwards; restoring an
 * older scope uses the projections current at that time).
 */
public final class ContextKit {

  private static final ContextCounters COUNTERS = new ContextCounters();
  private static volatile ContextProjection[] projections =
      defaultProjections().toArray(new ContextProjection[0]);
  private static volatile @Nullable ContextLocator locator;
  private static volatile DependencyMap dependencies = DependencyMap.create();

  private ContextKit() {}

  /** The process-wide counters. */
  public static ContextCounters counters() {
    return COUNTERS;
  }

  /**
   * The process-wide runtime dependency map the framework integrations record into, with {@link
   * DependencyMap#DEFAULT_MAX_EDGES} edges at most until {@link #setDependencyMaxEdges} changes it.
   */
  public static DependencyMap dependencies() {
    return dependencies;
  }

  /**
   * Sets the cap on dependency edges, at startup: a different cap starts a new, empty map; the same
   * cap keeps the current one (so a second application in the same JVM does not wipe the first's).
   *
   * @throws IllegalArgumentException unless {@code 1 <= maxEdges <= }{@value
   *     DependencyMap#LIMIT_MAX_EDGES}
   */
  public static synchronized void setDependencyMaxEdges(int maxEdges) {
    if (dependencies.maxEdges() != maxEdges) {
      dependencies = DependencyMap.create(maxEdges);
    }
  }

  /** The projections applied on every scope change, in order. */
  public static List<ContextProjection> projections() {
    return List.of(projections);
  }

  /** Replaces the projections applied on every scope change. */
  public static void setProjections(List<? extends ContextProjection> newProjections) {
    Objects.requireNonNull(newProjections, "projections");
    projections = newProjections.toArray(new ContextProjection[0]);
  }

  /**
   * Installs the locator {@link RequestContext#currentOrLocated()} consults when no scope is open
   * on the calling thread, or removes it ({@code null}). Frameworks whose request work runs outside
   * scopes install one at startup (Quarkus: the request's Vert.x duplicated context).
   */
  public static void setLocator(@Nullable ContextLocator newLocator) {
    locator = newLocator;
  }

  /** The installed locator, or {@code null}. */
  public static @Nullable ContextLocator locator() {
    return locator;
  }

  /**
   * The projections ContextKit installs by itself: MDC when SLF4J is present, then span attributes.
   */
  public static List<ContextProjection> defaultProjections() {
    List<ContextProjection> list = new ArrayList<>(2);
    if (isPresent("org.slf4j.MDC")) {
      list.add(new MdcProjection());
    }
    list.add(new SpanProjection());
    return list;
  }

  static ContextProjection[] projectionArray() {
    return projections;
  }

  static void projectionsFlagsChanged(RequestContext current) {
    for (ContextProjection projection : projections) {
      try {
        projection.flagsChanged(current);
      } catch (RuntimeException | LinkageError e) {
        projectionFailed(projection, e);
      }
    }
  }

  static void projectionFailed(ContextProjection projection, Throwable e) {
    io.contextkit.internal.Warnings.once(
        "projection-failed:" + projection.getClass().getName(),
        "ContextKit projection " + projection.getClass().getName() + " failed: " + e);
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, ContextKit.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
