package io.contextkit.quarkus.runtime.internal;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a MicroProfile JWT principal. With quarkus-smallrye-jwt or quarkus-oidc the token's
 * claims are not attributes of the {@code SecurityIdentity}; its principal is a {@link
 * JsonWebToken} that holds them. Loaded only when that API is on the class path ({@link
 * #AVAILABLE}). Internal to ContextKit.
 */
final class JwtClaims {

  /** Whether the MicroProfile JWT and Jakarta JSON APIs are on the class path. */
  static final boolean AVAILABLE =
      present("org.eclipse.microprofile.jwt.JsonWebToken") && present("jakarta.json.JsonValue");

  private JwtClaims() {}

  /**
   * The claim {@code name} of {@code principal} as a plain value (a JSON string as its text, a JSON
   * boolean as a {@code Boolean}, a JSON number as its number), or null when the principal is no
   * token or has no such claim. Call only when {@link #AVAILABLE}.
   */
  static @Nullable Object claim(Principal principal, String name) {
    if (!(principal instanceof JsonWebToken token)) {
      return null;
    }
    Object value = token.getClaim(name);
    if (value instanceof JsonString text) {
      return text.getString();
    }
    if (value instanceof JsonNumber number) {
      return number.numberValue();
    }
    if (value instanceof JsonValue json) {
      return json.getValueType() == JsonValue.ValueType.TRUE
          ? Boolean.TRUE
          : json.getValueType() == JsonValue.ValueType.FALSE ? Boolean.FALSE : null;
    }
    return value;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, JwtClaims.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
