/**
 * Property testing of our own, on JUnit: generators ({@link io.contextkit.testing.property.Gen})
 * that turn recorded choices into inputs, a runner ({@link io.contextkit.testing.property.ForAll})
 * with examples, edge cases, seeded random tries, shrinking and seed replay, and generators for the
 * inputs ContextKit's parsers meet (W3C headers and their near misses, percent-encodings, UTF-8
 * edge cases, peer addresses, key rings). It depends on JUnit and the JDK only, so it can move to a
 * shared test-support module as it is.
 */
@NullMarked
package io.contextkit.testing.property;

import org.jspecify.annotations.NullMarked;
