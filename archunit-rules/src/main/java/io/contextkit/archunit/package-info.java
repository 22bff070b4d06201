/**
 * ArchUnit rules that fail a build when code bypasses the ContextKit request context, or uses a
 * dependency that is not on the reviewed allow-list; plus the dependency map of the analysed code.
 */
@NullMarked
package io.contextkit.archunit;

import org.jspecify.annotations.NullMarked;
