package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.internal.MdcProjection;
import io.opentelemetry.context.Context;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.MDC;

/** Shared fixtures: distinct contexts, what a thread saw, and the "clean thread" assertion. */
public final class TestContexts {

  private TestContexts() {}

  /** A context whose request id, user and account all derive from {@code name}. */
  public static RequestContext ctx(String name) {
    return RequestContext.builder()
        .requestId("req-" + name)
        .userId("user-" + name)
        .accountId("acct-" + name)
        .build();
  }

  /** What a task saw: the current context's user and the MDC's, read on the running thread. */
  public record Seen(String thread, String contextUser, String mdcUser, String mdcRequest) {
    static Seen now() {
      return new Seen(
          Thread.currentThread().getName(),
          String.valueOf(RequestContext.current().userId()),
          String.valueOf(MDC.get("user_id")),
          String.valueOf(MDC.get("request_id")));
    }

    /** Whether everything seen belongs to {@code name}'s context. */
    public boolean belongsTo(String name) {
      return contextUser.equals("user-" + name)
          && mdcUser.equals("user-" + name)
          && mdcRequest.equals("req-" + name);
    }
  }

  /** Records what the calling thread sees now. */
  public static Seen seen() {
    return Seen.now();
  }

  /**
   * Asserts the calling thread holds nothing of ours: no context, the root OpenTelemetry context,
   * no open ContextKit scope, none of our MDC keys.
   */
  public static void assertThreadClean() {
    assertThat(RequestContext.current().isEmpty()).as("request context is empty").isTrue();
    assertThat(Context.current()).as("OpenTelemetry context is root").isSameAs(Context.root());
    assertThat(ContextScope.openOnThisThread()).as("open ContextKit scopes").isZero();
    assertThat(ourMdcKeys()).as("ContextKit MDC keys").isEmpty();
  }

  /** The ContextKit keys present in the calling thread's MDC, as {@code key=value} strings. */
  public static List<String> ourMdcKeys() {
    List<String> present = new ArrayList<>();
    for (ContextField field : ContextField.values()) {
      String value = MDC.get(field.key());
      if (value != null) {
        present.add(field.key() + "=" + value);
      }
    }
    if (MDC.get(MdcProjection.FLAGS_KEY) != null) {
      present.add(MdcProjection.FLAGS_KEY + "=" + MDC.get(MdcProjection.FLAGS_KEY));
    }
    return present;
  }

  /** Skips the calling test on a JVM without virtual threads. */
  public static void assumeVirtualThreads() {
    Assumptions.assumeTrue(
        Runtime.version().feature() >= 21,
        "virtual threads need Java 21+; this JVM is Java "
            + Runtime.version().feature()
            + " (the build reruns this group on Java 25)");
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, reached so test sources compile on 17. */
  public static ExecutorService jdkVirtualThreadPerTaskExecutor() throws Throwable {
    return (ExecutorService)
        MethodHandles.publicLookup()
            .findStatic(
                Executors.class,
                "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class))
            .invoke();
  }

  /** {@code Thread.ofVirtual().factory()}, reached so test sources compile on 17. */
  public static ThreadFactory jdkVirtualThreadFactory() throws Throwable {
    Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
    Object builder =
        MethodHandles.publicLookup()
            .findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual))
            .invoke();
    return (ThreadFactory)
        MethodHandles.publicLookup()
            .findVirtual(
                Class.forName("java.lang.Thread$Builder"),
                "factory",
                MethodType.methodType(ThreadFactory.class))
            .invoke(builder);
  }

  /** Whether {@code thread} is virtual, asked through {@code Thread.isVirtual()} on Java 21+. */
  public static boolean isVirtual(Thread thread) throws Throwable {
    return (boolean)
        MethodHandles.publicLookup()
            .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class))
            .invoke(thread);
  }
}
