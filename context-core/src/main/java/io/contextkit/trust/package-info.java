/**
 * Trust boundary primitives: signing and verification of the privileged context fields between
 * services of one deployment, trusted inbound peers, internal outbound hosts and the {@link
 * io.contextkit.trust.TrustPolicy} that combines them. Framework-neutral, JDK only.
 */
@NullMarked
package io.contextkit.trust;

import org.jspecify.annotations.NullMarked;
