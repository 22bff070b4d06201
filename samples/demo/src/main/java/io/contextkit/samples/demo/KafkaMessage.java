package io.contextkit.samples.demo;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One record read back from a Kafka topic: where it sits, its key and value as UTF-8 strings and
 * its headers (in order, last value wins for a repeated key).
 */
public record KafkaMessage(
    int partition,
    long offset,
    @Nullable String key,
    @Nullable String value,
    Map<String, String> headers) {

  public KafkaMessage {
    headers = Map.copyOf(headers);
  }
}
