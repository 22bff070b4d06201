package io.contextkit.quarkus.test.kafka;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.quarkus.runtime.KafkaRecordContext;
import io.contextkit.quarkus.test.Fields;
import io.contextkit.quarkus.test.Logs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Records, per payload, the context each consumer saw. */
@ApplicationScoped
public class OrderConsumer {

  private static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  /** Payload to the rendered context the single-record consumer ran with. */
  public static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  /** Payload to the rendered context the batch consumer opened for the record. */
  public static final Map<String, String> SEEN_IN_BATCH = new ConcurrentHashMap<>();

  @Incoming("orders-in")
  @Blocking
  public void consume(String order) {
    LOG.info("consumed " + order);
    SEEN.put(order, Fields.render(RequestContext.current()));
  }

  @Incoming("batch-in")
  public void consumeBatch(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : records) {
      try (ContextScope scope = KafkaRecordContext.open(record)) {
        LOG.info("batch " + record.value());
        SEEN_IN_BATCH.put(record.value(), Fields.render(RequestContext.current()));
      }
    }
  }
}
