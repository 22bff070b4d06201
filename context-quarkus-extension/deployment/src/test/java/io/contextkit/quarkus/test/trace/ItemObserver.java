package io.contextkit.quarkus.test.trace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records which items' transactions committed (AFTER_SUCCESS) and which rolled back. */
@ApplicationScoped
public class ItemObserver {

  public static final List<String> COMMITTED = new CopyOnWriteArrayList<>();
  public static final List<String> FAILED = new CopyOnWriteArrayList<>();

  void afterSuccess(@Observes(during = TransactionPhase.AFTER_SUCCESS) ItemSaved saved) {
    COMMITTED.add(saved.name());
  }

  void afterFailure(@Observes(during = TransactionPhase.AFTER_FAILURE) ItemSaved saved) {
    FAILED.add(saved.name());
  }
}
