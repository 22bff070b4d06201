package io.contextkit.cli.it;

import io.contextkit.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service with ContextKit's starter, a signing key, a database and no security framework:
 * the setting in which a signed context is the only way for a tester to send TRACE.
 */
@SpringBootApplication
public class NotesApplication {

  /** Writes a note in a transaction and answers with the context it ran in. */
  @RestController
  static class NotesController {

    /** How often the handler ran (a refused request never reaches it). */
    static final AtomicInteger CALLS = new AtomicInteger();

    private final JdbcTemplate jdbc;

    NotesController(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @PostMapping("/notes")
    @Transactional
    Map<String, Object> add(@RequestBody String text) {
      CALLS.incrementAndGet();
      RequestContext context = RequestContext.current();
      jdbc.update("INSERT INTO notes (user_id, text) VALUES (?, ?)", context.userId(), text);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("user_id", String.valueOf(context.userId()));
      body.put("request_type", context.requestType().name());
      body.put("request_id", context.requestId());
      body.put("trace_id", context.traceId());
      body.put("tester", context.tester());
      return body;
    }
  }
}
