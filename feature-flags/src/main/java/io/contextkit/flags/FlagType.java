package io.contextkit.flags;

/** The type of a flag's variant values; every variant of one flag has the same type. */
public enum FlagType {
  BOOLEAN,
  STRING,
  /** Integral or floating-point numbers. */
  NUMBER,
  /** JSON objects or arrays. */
  OBJECT
}
