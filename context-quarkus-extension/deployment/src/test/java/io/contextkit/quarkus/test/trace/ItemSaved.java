package io.contextkit.quarkus.test.trace;

/** Fired inside the transaction that saves an item. */
public record ItemSaved(String name) {}
