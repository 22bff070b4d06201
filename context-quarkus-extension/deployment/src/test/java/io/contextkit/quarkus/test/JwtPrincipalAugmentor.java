package io.contextkit.quarkus.test;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Makes every authenticated caller's principal a {@link JsonWebToken}, as quarkus-smallrye-jwt and
 * quarkus-oidc do: the account is the JSON string claim {@code acct}, the user {@code qa} has the
 * JSON boolean claim {@code tester}, the licence is the plain string claim {@code license}. The
 * identity itself has no attributes.
 */
@ApplicationScoped
public class JwtPrincipalAugmentor implements SecurityIdentityAugmentor {

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      return Uni.createFrom().item(identity);
    }
    String name = identity.getPrincipal().getName();
    Map<String, Object> claims = new HashMap<>();
    claims.put("upn", name);
    claims.put("acct", new Text("acme-" + name));
    claims.put("license", "gold");
    if (name.equals("qa")) {
      claims.put("tester", JsonValue.TRUE);
    }
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new Token(name, claims))
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .build());
  }

  private record Token(String name, Map<String, Object> claims) implements JsonWebToken {

    @Override
    public String getName() {
      return name;
    }

    @Override
    public Set<String> getClaimNames() {
      return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
      return (T) claims.get(claimName);
    }
  }

  /** A JSON string claim, as smallrye-jwt hands out non-standard claims. */
  private record Text(String value) implements JsonString {

    @Override
    public String getString() {
      return value;
    }

    @Override
    public CharSequence getChars() {
      return value;
    }

    @Override
    public ValueType getValueType() {
      return ValueType.STRING;
    }
  }
}
