package io.contextkit.noop.internal;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * A batch whose execution follows the TRACE protocol of its {@link GuardedR2dbcConnection}: under
 * TRACE the most severe of its statements decides, so one implicit-commit statement rejects the
 * whole batch before any of it runs.
 */
final class GuardedR2dbcBatch implements Batch, Wrapped<Batch> {

  private final GuardedR2dbcConnection owner;
  private final Batch batch;
  private final List<String> statements = new ArrayList<>();

  GuardedR2dbcBatch(GuardedR2dbcConnection owner, Batch batch) {
    this.owner = owner;
    this.batch = batch;
  }

  @Override
  public Batch add(String sql) {
    batch.add(sql);
    statements.add(sql);
    return this;
  }

  private SqlStatements.Classified classified() {
    SqlStatements.Classified worst = SqlStatements.classify(null);
    for (String sql : statements) {
      SqlStatements.Classified c = SqlStatements.classify(sql);
      if (c.kind().ordinal() > worst.kind().ordinal()) {
        worst = c;
      }
    }
    return worst;
  }

  @Override
  public Publisher<? extends Result> execute() {
    return owner.execute(this::classified, statements::size, batch::execute);
  }

  /** The driver's batch: an explicit escape hatch that is not guarded. */
  @Override
  public Batch unwrap() {
    return batch;
  }

  @Override
  public String toString() {
    return "GuardedR2dbcBatch{" + batch + "}";
  }
}
