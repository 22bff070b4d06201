package com.example.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Writes the audit line of a placed order on Boot's task executor ({@code @Async}, named: the
 * ArchUnit rules forbid the unnamed default pool): the starter decorates that executor, so the line
 * carries the context of the request that placed the order although it is written on another
 * thread, after the request may have ended.
 *
 * <p>Not final: {@code @Async} works through a subclass proxy.
 */
@Component
class OrderAudit {

  private static final Logger LOG = LoggerFactory.getLogger(OrderAudit.class);

  /** Logs that order {@code orderId} was placed for {@code userId}, on the task executor. */
  @Async("applicationTaskExecutor")
  public void placed(long orderId, String userId) {
    LOG.info("order {} audited for {}", orderId, userId);
  }
}
