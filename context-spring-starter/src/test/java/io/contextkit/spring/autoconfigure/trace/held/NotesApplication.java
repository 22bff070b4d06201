package io.contextkit.spring.autoconfigure.trace.held;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A small server-rendered application: a form posts a note and is redirected to the page that lists
 * the notes (POST → 302 → GET), plus the ways a servlet response gets committed early — a large
 * body, a flush, {@code sendError}, a streaming body, an emitter, a deferred result.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({NotesApplication.Notes.class, NotesApplication.NoteController.class})
public class NotesApplication {

  /** One megabyte, more than any servlet container buffers. */
  public static final int LARGE = 1024 * 1024;

  /** Gates a test opens to let {@code /gate} finish its response. */
  public static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    // A form without CSRF tokens keeps the test about responses; the form flow is the same.
    return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Service
  public static class Notes {
    private final JdbcTemplate jdbc;

    Notes(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Transactional
    public void add(String text) {
      jdbc.update("insert into note (text) values (?)", text);
    }

    /** Outside any transaction: an autocommit write, which only the JDBC backstop can stop. */
    public void addAutocommit(String text) {
      jdbc.update("insert into note (text) values (?)", text);
    }

    @Transactional(readOnly = true)
    public List<String> list() {
      return jdbc.queryForList("select text from note order by id", String.class);
    }

    /** A read-write transaction that only reads. */
    @Transactional
    public int count() {
      Integer n = jdbc.queryForObject("select count(*) from note", Integer.class);
      return n == null ? 0 : n;
    }
  }

  @Controller
  public static class NoteController {
    private final Notes notes;
    private final TaskExecutor executor;

    NoteController(Notes notes, TaskExecutor applicationTaskExecutor) {
      this.notes = notes;
      this.executor = applicationTaskExecutor;
    }

    @PostMapping("/notes")
    String add(@RequestParam String text) {
      notes.add(text);
      return "redirect:/notes";
    }

    @GetMapping(value = "/notes", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String page() {
      StringBuilder html = new StringBuilder("<html><body><ul>");
      for (String text : notes.list()) {
        html.append("<li>").append(text).append("</li>");
      }
      return html.append("</ul></body></html>").toString();
    }

    @GetMapping(value = "/notes/count", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    String count() {
      return Integer.toString(notes.count());
    }

    @GetMapping("/missing")
    void missing(HttpServletResponse response) throws IOException {
      response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such note");
    }

    @GetMapping(value = "/large", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    String large() {
      return "x".repeat(LARGE);
    }

    /** Writes and flushes a large body, then writes to the database outside a transaction. */
    @GetMapping("/late-violation")
    void lateViolation(@RequestParam String text, HttpServletResponse response) throws IOException {
      response.setContentType(MediaType.TEXT_PLAIN_VALUE);
      ServletOutputStream out = response.getOutputStream();
      out.write("y".repeat(LARGE).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      notes.addAutocommit(text);
    }

    /** A streaming body that writes, flushes, then writes to the database. */
    @GetMapping(value = "/streaming-violation", produces = MediaType.TEXT_PLAIN_VALUE)
    StreamingResponseBody streamingViolation(@RequestParam String text) {
      return out -> {
        out.write("first\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        notes.addAutocommit(text);
        out.write("second\n".getBytes(StandardCharsets.US_ASCII));
      };
    }

    /** An emitter fed from another thread: an event, a database write, another event. */
    @GetMapping(value = "/emitter", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseBodyEmitter emitter(@RequestParam String text) {
      ResponseBodyEmitter emitter = new ResponseBodyEmitter(10_000L);
      executor.execute(
          () -> {
            try {
              emitter.send("first\n", MediaType.TEXT_PLAIN);
              notes.addAutocommit(text);
              emitter.send("second\n", MediaType.TEXT_PLAIN);
              emitter.complete();
            } catch (IOException | RuntimeException e) {
              emitter.completeWithError(e);
            }
          });
      return emitter;
    }

    /** Completed from another thread, after a transactional write there. */
    @GetMapping(value = "/deferred", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    DeferredResult<String> deferred(@RequestParam String text) {
      DeferredResult<String> result = new DeferredResult<>(10_000L);
      executor.execute(
          () -> {
            notes.add(text);
            result.setResult("added " + text);
          });
      return result;
    }

    /** Writes and flushes a first line, then waits for the test to open the gate. */
    @GetMapping("/gate")
    void gate(@RequestParam String key, HttpServletResponse response)
        throws IOException, InterruptedException {
      CountDownLatch gate = GATES.computeIfAbsent(key, k -> new CountDownLatch(1));
      response.setContentType(MediaType.TEXT_PLAIN_VALUE);
      ServletOutputStream out = response.getOutputStream();
      out.write("first\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (!gate.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate " + key + " never opened");
      }
      out.write("second\n".getBytes(StandardCharsets.US_ASCII));
    }
  }
}
