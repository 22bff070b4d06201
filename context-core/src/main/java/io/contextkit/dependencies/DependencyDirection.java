package io.contextkit.dependencies;

/** Which way an edge goes, seen from this service. */
public enum DependencyDirection {
  /** This service called the target and waited for an answer (HTTP, JDBC, mail, cache). */
  CALLED,
  /** This service published a message to the target. */
  PRODUCED,
  /** This service consumed a message from the target. */
  CONSUMED
}
