package io.contextkit.sample.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One element of a W3C Trace Context test-harness request: POST {@code arguments} to {@code url}.
 */
public record ConformanceCase(@Nullable String url, @Nullable JsonNode arguments) {}
