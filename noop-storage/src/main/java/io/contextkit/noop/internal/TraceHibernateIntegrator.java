package io.contextkit.noop.internal;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.internal.Warnings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hibernate.CacheMode;
import org.hibernate.HibernateException;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.AutoFlushEvent;
import org.hibernate.event.spi.AutoFlushEventListener;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.DeleteEventListener;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEvent;
import org.hibernate.event.spi.FlushEventListener;
import org.hibernate.event.spi.InitializeCollectionEvent;
import org.hibernate.event.spi.InitializeCollectionEventListener;
import org.hibernate.event.spi.LoadEvent;
import org.hibernate.event.spi.LoadEventListener;
import org.hibernate.event.spi.MergeContext;
import org.hibernate.event.spi.MergeEvent;
import org.hibernate.event.spi.MergeEventListener;
import org.hibernate.event.spi.PersistContext;
import org.hibernate.event.spi.PersistEvent;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreLoadEvent;
import org.hibernate.event.spi.PreLoadEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.service.Service;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Hibernate ORM integration of TRACE requests, discovered through {@code
 * META-INF/services/org.hibernate.integrator.spi.Integrator}. It registers two listener sets on
 * every session factory; both read {@link RequestContext#current()} per event and do nothing for
 * STANDARD requests.
 *
 * <ul>
 *   <li>Reporting: post-insert, post-update and post-delete listeners report each entity write a
 *       TRACE session executed as an {@link SideEffect.Kind#ENTITY} effect {@code Entity#id
 *       insert|update|delete}, target the JPA entity name. They fire after the SQL ran, so IDENTITY
 *       ids are known. They never veto: the SQL runs, constraints surface, and the transaction
 *       layer (or the JDBC backstop) rolls it back. Bulk and native DML fire no entity event; the
 *       JDBC guard reports those statements.
 *   <li>Second-level cache: before the default listeners of load, pre-load, persist, merge, delete,
 *       flush, auto-flush (which precedes every query in a transaction) and collection
 *       initialisation, a TRACE session's cache mode is lowered to {@link CacheMode#GET} (or {@link
 *       CacheMode#IGNORE} from {@code PUT}/{@code REFRESH}): it may read the cache but never puts
 *       into it, so neither loaded nor would-be-committed TRACE state reaches other sessions.
 *       Updates and deletes still lock or evict the affected entries, which only makes later
 *       readers go to the database. Known gap: the query cache — Hibernate fixes a query's cache
 *       mode when the query starts, so cacheable query results are still put; the update timestamps
 *       of the tables a TRACE transaction wrote make such entries stale.
 * </ul>
 *
 * <p>Hibernate Reactive: a session factory in reactive mode (its service registry holds Hibernate
 * Reactive's {@code ReactiveMarkerService}, which is registered before any integrator runs, so the
 * check does not depend on the order of integrators) gets the reporting listeners only. Hibernate
 * Reactive fires the load, persist, merge, delete, flush and collection groups through its own
 * reactive listener interfaces and casts every listener in them, so the blocking cache-mode guard
 * is not installed there; it fires the post-insert, post-update and post-delete groups as Hibernate
 * ORM does. The reporters read {@link RequestContext#currentOrLocated()}, since Hibernate Reactive
 * runs them in event-loop callbacks where no scope is open. Without the guard, a TRACE write of an
 * entity the second-level cache holds could be put into the cache after the SQL client guard turned
 * its commit into a rollback; a warning names such entities when the factory starts.
 */
public final class TraceHibernateIntegrator implements Integrator {

  private static final String REACTIVE_MARKER =
      "org.hibernate.reactive.provider.service.ReactiveMarkerService";

  @Override
  public void integrate(
      Metadata metadata,
      BootstrapContext bootstrapContext,
      SessionFactoryImplementor sessionFactory) {
    EventListenerRegistry registry = sessionFactory.getEventListenerRegistry();
    EntityReporter reporter = new EntityReporter();
    registry.appendListeners(EventType.POST_INSERT, reporter);
    registry.appendListeners(EventType.POST_UPDATE, reporter);
    registry.appendListeners(EventType.POST_DELETE, reporter);
    if (isReactive(sessionFactory)) {
      warnAboutCachedEntities(metadata, sessionFactory);
      return;
    }
    CacheModeGuard guard = new CacheModeGuard();
    registry.prependListeners(EventType.LOAD, guard);
    registry.prependListeners(EventType.PRE_LOAD, guard);
    registry.prependListeners(EventType.PERSIST, guard);
    registry.prependListeners(EventType.PERSIST_ONFLUSH, guard);
    registry.prependListeners(EventType.MERGE, guard);
    registry.prependListeners(EventType.DELETE, guard);
    registry.prependListeners(EventType.FLUSH, guard);
    registry.prependListeners(EventType.AUTO_FLUSH, guard);
    registry.prependListeners(EventType.INIT_COLLECTION, guard);
  }

  /**
   * Whether {@code sessionFactory} runs in Hibernate Reactive's reactive mode: its service registry
   * holds the service Hibernate Reactive marks such registries with. Looked up by name, so
   * Hibernate Reactive need not be on the class path.
   */
  static boolean isReactive(SessionFactoryImplementor sessionFactory) {
    ServiceRegistry services = sessionFactory.getServiceRegistry();
    Class<? extends Service> marker = reactiveMarker(services);
    if (marker == null) {
      return false;
    }
    try {
      return services.getService(marker) != null;
    } catch (RuntimeException e) {
      // UnknownServiceException: a registry without the marker, i.e. not reactive.
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Class<? extends Service> reactiveMarker(ServiceRegistry services) {
    Class<?> marker = null;
    try {
      ClassLoaderService loader = services.getService(ClassLoaderService.class);
      if (loader != null) {
        marker = loader.classForName(REACTIVE_MARKER);
      }
    } catch (RuntimeException | LinkageError e) {
      // Not found through Hibernate's class loaders: try the one that loaded this integrator.
    }
    if (marker == null) {
      try {
        marker =
            Class.forName(REACTIVE_MARKER, false, TraceHibernateIntegrator.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }
    return Service.class.isAssignableFrom(marker) ? (Class<? extends Service>) marker : null;
  }

  private static void warnAboutCachedEntities(
      Metadata metadata, SessionFactoryImplementor sessionFactory) {
    if (!sessionFactory.getSessionFactoryOptions().isSecondLevelCacheEnabled()) {
      return;
    }
    // The factory's metamodel does not exist yet while integrators run: read the boot model.
    List<String> cached = new ArrayList<>();
    for (PersistentClass entity : metadata.getEntityBindings()) {
      if (entity.isCached()) {
        cached.add(entity.getJpaEntityName());
      }
    }
    if (!cached.isEmpty()) {
      Collections.sort(cached);
      Warnings.once(
          "reactive-l2-cache:" + sessionFactory.getUuid(),
          "ContextKit TRACE: Hibernate Reactive session factory with second-level caching of "
              + String.join(", ", cached)
              + ": the cache-mode guard cannot be installed on Hibernate Reactive, so a TRACE"
              + " write of these entities may reach the second-level cache although its"
              + " transaction is rolled back; turn second-level caching off for this persistence"
              + " unit to keep TRACE writes out of the cache");
    }
  }

  @Override
  public void disintegrate(
      SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    // Listeners die with the session factory.
  }

  /** Lowers the cache mode of TRACE sessions so they never put into the second-level cache. */
  static final class CacheModeGuard
      implements LoadEventListener,
          PreLoadEventListener,
          PersistEventListener,
          MergeEventListener,
          DeleteEventListener,
          FlushEventListener,
          AutoFlushEventListener,
          InitializeCollectionEventListener {

    static void guard(SharedSessionContractImplementor session) {
      if (!RequestContext.current().isTrace()) {
        return;
      }
      CacheMode mode = session.getCacheMode();
      if (mode.isPutEnabled()) {
        session.setCacheMode(mode.isGetEnabled() ? CacheMode.GET : CacheMode.IGNORE);
      }
    }

    @Override
    public void onLoad(LoadEvent event, LoadType loadType) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onPreLoad(PreLoadEvent event) {
      guard(event.getSession());
    }

    @Override
    public void onPersist(PersistEvent event) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onPersist(PersistEvent event, PersistContext context) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onMerge(MergeEvent event) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onMerge(MergeEvent event, MergeContext context) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onDelete(DeleteEvent event) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onDelete(DeleteEvent event, DeleteContext context) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onFlush(FlushEvent event) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onAutoFlush(AutoFlushEvent event) throws HibernateException {
      guard(event.getSession());
    }

    @Override
    public void onInitializeCollection(InitializeCollectionEvent event) throws HibernateException {
      guard(event.getSession());
    }
  }

  /** Reports the entity writes of TRACE sessions. */
  static final class EntityReporter
      implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

    private static void report(EntityPersister persister, Object id, String operation) {
      RequestContext ctx = RequestContext.currentOrLocated();
      if (!ctx.isTrace()) {
        return;
      }
      String entity = persister.getJpaEntityName();
      ctx.sideEffects()
          .record(
              new SideEffect(SideEffect.Kind.ENTITY, entity, entity + "#" + id + " " + operation));
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
      report(event.getPersister(), event.getId(), "insert");
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
      report(event.getPersister(), event.getId(), "update");
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
      report(event.getPersister(), event.getId(), "delete");
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
      return false;
    }
  }
}
