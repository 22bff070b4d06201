package io.contextkit.quarkus.test;

import io.contextkit.RequestContext;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Vert.x routes outside Quarkus REST, so outside ContextKit's filters: what they see on a thread is
 * whatever an earlier request left there.
 */
@ApplicationScoped
public class PlainRoutes {

  private static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  void routes(@Observes Router router) {
    router
        .get("/plain/loop")
        .handler(
            rc -> {
              LOG.info("plain");
              rc.response().end(Fields.render(RequestContext.current()));
            });
    router
        .get("/plain/worker")
        .blockingHandler(
            rc -> {
              LOG.info("plain");
              rc.response().end(Fields.render(RequestContext.current()));
            });
  }
}
