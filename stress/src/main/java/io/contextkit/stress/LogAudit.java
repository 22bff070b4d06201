package io.contextkit.stress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a service's output from a byte offset (where the stress traffic began) and checks every
 * line: a JSON object, no raw control character, no ERROR line and no stack trace. Each parsed line
 * is also handed to a per-run check (which request it belongs to, whose context it carries).
 */
final class LogAudit {

  /** A per-run check of one parsed line. */
  interface LineCheck {
    void check(String service, JsonNode line, String raw);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  long lines;
  long notJson;
  long controlChars;
  long errors;
  long quietStackTraces;
  final List<String> examples = new ArrayList<>();

  /** Checks the lines of {@code file} from byte {@code offset} on. */
  void audit(String service, Path file, long offset, LineCheck check) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(offset);
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
      String raw;
      while ((raw = reader.readLine()) != null) {
        lines++;
        int control = W3cValidity.firstControl(raw);
        if (control >= 0) {
          controlChars++;
          example(service + " line with a raw control character at " + control + ": " + raw);
        }
        JsonNode line;
        try {
          line = JSON.readTree(raw);
        } catch (IOException e) {
          line = null;
        }
        if (line == null || !line.isObject()) {
          notJson++;
          example(service + " line that is not a JSON object: " + raw);
          continue;
        }
        String level = text(line, "level");
        boolean stackTrace = line.has("stack_trace") || line.has("exception");
        boolean severe = "ERROR".equals(level) || "SEVERE".equals(level) || "FATAL".equals(level);
        if (severe || (stackTrace && ("WARN".equals(level) || "WARNING".equals(level)))) {
          errors++;
          example(service + " error or exception line: " + raw);
        } else if (stackTrace) {
          // Below WARN: a server noting a request it rejected (Tomcat logs its first malformed
          // header at INFO with the parser's exception, later ones at DEBUG); counted apart.
          quietStackTraces++;
          if (quietStackTraces <= 2) {
            example(service + " stack trace below WARN (not counted as an error): " + raw);
          }
        }
        check.check(service, line, raw);
      }
    }
  }

  /** The size of {@code file} now: the offset where the next audit starts. */
  static long size(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /** A top-level field, or one of Quarkus' {@code mdc} object; null when absent or empty. */
  static @Nullable String text(JsonNode line, String name) {
    JsonNode value = line.get(name);
    if (value == null || value.isNull()) {
      JsonNode mdc = line.get("mdc");
      value = mdc == null ? null : mdc.get(name);
    }
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.isValueNode() ? value.asText() : value.toString();
    return text.isEmpty() ? null : text;
  }

  /** The line's message. */
  static String message(JsonNode line) {
    String message = text(line, "message");
    return message == null ? "" : message;
  }

  void example(String text) {
    if (examples.size() < 30) {
      examples.add(text.length() > 1500 ? text.substring(0, 1500) + "…" : text);
    }
  }
}
