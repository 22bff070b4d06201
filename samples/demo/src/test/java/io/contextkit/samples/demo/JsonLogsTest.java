package io.contextkit.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogsTest {

  private static final String SPRING_LINE =
      "{\"@timestamp\":\"2026-11-26T09:00:00.1Z\",\"level\":\"INFO\",\"logger_name\":\"io.example.OrderService\","
          + "\"message\":\"placing order\",\"trace_id\":\"t1\",\"request_id\":\"r1\",\"user_id\":\"alice\","
          + "\"request_type\":\"STANDARD\",\"feature_flags\":\"new-pricing=off\",\"stack\":{\"depth\":2}}";
  private static final String QUARKUS_LINE =
      "{\"timestamp\":\"2026-11-26T09:00:00.2Z\",\"level\":\"INFO\",\"loggerName\":\"io.example.Reservations\","
          + "\"message\":\"reserving\",\"mdc\":{\"trace_id\":\"t1\",\"request_id\":\"r1\",\"user_id\":\"alice\"}}";

  @Test
  void readsLogstashStyleLinesWithTheirContextFields() {
    LogLine line = JsonLogs.parse("orders", SPRING_LINE).orElseThrow();

    assertThat(line.service()).isEqualTo("orders");
    assertThat(line.message()).isEqualTo("placing order");
    assertThat(line.level()).isEqualTo("INFO");
    assertThat(line.logger()).isEqualTo("io.example.OrderService");
    assertThat(line.timestamp()).isEqualTo("2026-11-26T09:00:00.1Z");
    assertThat(line.field("trace_id")).isEqualTo("t1");
    assertThat(line.field("feature_flags")).isEqualTo("new-pricing=off");
    assertThat(line.field("stack")).isEqualTo("{\"depth\":2}");
    assertThat(line.raw()).isEqualTo(SPRING_LINE);
  }

  @Test
  void liftsQuarkusNestedMdcFieldsToTheTopLevel() {
    LogLine line = JsonLogs.parse("inventory", QUARKUS_LINE).orElseThrow();

    assertThat(line.logger()).isEqualTo("io.example.Reservations");
    assertThat(line.timestamp()).isEqualTo("2026-11-26T09:00:00.2Z");
    assertThat(line.field("request_id")).isEqualTo("r1");
    assertThat(line.field("user_id")).isEqualTo("alice");
  }

  @Test
  void skipsLinesThatAreNotJsonObjects() {
    List<LogLine> lines =
        JsonLogs.parseAll(
            "orders",
            List.of(
                "  .   ____          _  banner",
                "[1,2]",
                "{broken json",
                "",
                SPRING_LINE,
                "OpenJDK 64-Bit Server VM warning: Sharing is only supported"));

    assertThat(lines).extracting(LogLine::message).containsExactly("placing order");
  }

  @Test
  void treatsEmptyAndNullFieldsAsAbsent() {
    LogLine line =
        JsonLogs.parse("orders", "{\"message\":\"m\",\"user_id\":\"\",\"request_id\":null}")
            .orElseThrow();

    assertThat(line.field("user_id")).isNull();
    assertThat(line.field("request_id")).isNull();
  }

  @Test
  void groupsByRequestIdInOrderOfFirstAppearanceAcrossServices() {
    List<LogLine> lines =
        List.of(
            line("orders", "r1", "a"),
            line("orders", "r2", "b"),
            line("inventory", "r1", "c"),
            line("inventory", null, "no request"),
            line("orders", "r1", "d"));

    Map<String, List<LogLine>> groups = JsonLogs.byRequestId(lines);

    assertThat(groups.keySet()).containsExactly("r1", "r2");
    assertThat(groups.get("r1"))
        .extracting(LogLine::service, LogLine::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders", "a"),
            org.assertj.core.groups.Tuple.tuple("inventory", "c"),
            org.assertj.core.groups.Tuple.tuple("orders", "d"));
    assertThat(groups.get("r2")).extracting(LogLine::message).containsExactly("b");
  }

  @Test
  void selectsLinesByFieldValue() {
    List<LogLine> lines = List.of(line("orders", "r1", "a"), line("orders", "r2", "b"));

    assertThat(JsonLogs.withField(lines, "request_id", "r2"))
        .extracting(LogLine::message)
        .containsExactly("b");
  }

  private static LogLine line(String service, String requestId, String message) {
    String json =
        requestId == null
            ? "{\"message\":\"" + message + "\"}"
            : "{\"message\":\"" + message + "\",\"request_id\":\"" + requestId + "\"}";
    return JsonLogs.parse(service, json).orElseThrow();
  }
}
