package com.example.orders.archfixture;

import org.slf4j.MDC;

/** Writes the MDC by hand, which CTX-005 forbids: the context's MDC projection owns those keys. */
public final class HandWrittenMdc {

  private HandWrittenMdc() {}

  /** Puts a user id in the MDC, the way ContextKit users must not. */
  public static void tagUser(String user) {
    MDC.put("user_id", user);
  }
}
