package io.contextkit.quarkus.test;

/** Joins the messages of an exception's cause chain, since Quarkus wraps startup failures. */
public final class Messages {

  private Messages() {}

  public static String of(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
