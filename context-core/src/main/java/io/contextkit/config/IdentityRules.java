package io.contextkit.config;

import io.contextkit.ContextField;
import io.contextkit.Identity;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How an authenticated caller becomes the identity fields of the context and the TRACE-permission
 * decision, the same on every stack: a framework hands over the caller's user name, a lookup of its
 * claims or attributes, and the authorities (roles) it holds; it decides nothing itself.
 *
 * <ul>
 *   <li>the user id is the user name; the account id and licence are the values of the account and
 *       licence claims, when a claim is a string, a number, a boolean, or a list holding exactly
 *       one string (any other value is left out);
 *   <li>the caller is a tester when the tester claim is {@code Boolean.TRUE} or the string {@code
 *       "true"} (exactly: {@code "TRUE"}, {@code "yes"}, {@code 1} are not), or when its user id or
 *       account id is one of the tester accounts;
 *   <li>a value that is not a valid context value (too long, control characters) is left out rather
 *       than failing the request, and an account left out is not looked up among the tester
 *       accounts;
 *   <li>TRACE is permitted to a caller holding the permission exactly or, with a non-empty role
 *       prefix, prefix + permission (a permission that already starts with the prefix is not
 *       prefixed twice).
 * </ul>
 *
 * <p>Immutable and thread-safe. Built from the settings by {@link
 * ContextKitFactory#identityRules(ContextKitSettings, SettingKeys)}, which names the full key of an
 * invalid setting, or directly with {@link #of}:
 *
 * <pre>{@code
 * IdentityRules rules =
 *     IdentityRules.of("tenant", "tester", "plan", List.of("qa-1"), "CONTEXTKIT_TRACE", "ROLE_");
 * Identity caller = rules.identity(name, claims::get, authorityNames);
 * }</pre>
 */
public final class IdentityRules {

  private final String accountClaim;
  private final String testerClaim;
  private final String licenseClaim;
  private final Set<String> testerAccounts;
  private final List<String> traceAuthorities;

  private IdentityRules(
      String accountClaim,
      String testerClaim,
      String licenseClaim,
      Set<String> testerAccounts,
      List<String> traceAuthorities) {
    this.accountClaim = accountClaim;
    this.testerClaim = testerClaim;
    this.licenseClaim = licenseClaim;
    this.testerAccounts = testerAccounts;
    this.traceAuthorities = traceAuthorities;
  }

  /**
   * The rules for these claim names, tester accounts and TRACE permission.
   *
   * @param accountClaim claim or attribute holding the account id
   * @param testerClaim claim or attribute marking a tester account
   * @param licenseClaim claim or attribute holding the licence tier
   * @param testerAccounts user or account ids that are tester accounts
   * @param tracePermission the authority that permits TRACE requests
   * @param rolePrefix a prefix under which {@code tracePermission} is accepted too ({@code ROLE_}
   *     for applications that grant roles); empty for the exact authority only
   * @throws IllegalArgumentException when a claim name or the permission is blank (the message
   *     names the parameter)
   */
  public static IdentityRules of(
      String accountClaim,
      String testerClaim,
      String licenseClaim,
      Collection<String> testerAccounts,
      String tracePermission,
      String rolePrefix) {
    notBlank(accountClaim, "accountClaim");
    notBlank(testerClaim, "testerClaim");
    notBlank(licenseClaim, "licenseClaim");
    notBlank(tracePermission, "tracePermission");
    Objects.requireNonNull(rolePrefix, "rolePrefix");
    List<String> authorities =
        rolePrefix.isEmpty() || tracePermission.startsWith(rolePrefix)
            ? List.of(tracePermission)
            : List.of(tracePermission, rolePrefix + tracePermission);
    return new IdentityRules(
        accountClaim, testerClaim, licenseClaim, Set.copyOf(testerAccounts), authorities);
  }

  /**
   * The identity of an authenticated caller.
   *
   * @param userName the caller's name (the principal name), or {@code null}
   * @param claims the value of a claim or attribute by name, {@code null} when absent
   * @param authorities the authorities or roles the caller holds; {@code null} elements are skipped
   */
  public Identity identity(
      @Nullable String userName,
      Function<String, @Nullable Object> claims,
      Collection<? extends @Nullable String> authorities) {
    String user = valid(ContextField.USER_ID, userName);
    String account = valid(ContextField.ACCOUNT_ID, text(claims.apply(accountClaim)));
    String license = valid(ContextField.LICENSE, text(claims.apply(licenseClaim)));
    Object testerValue = claims.apply(testerClaim);
    boolean tester =
        Boolean.TRUE.equals(testerValue)
            || "true".equals(testerValue)
            || (account != null && testerAccounts.contains(account))
            || (user != null && testerAccounts.contains(user));
    return new Identity(user, account, tester, license, tracePermitted(authorities));
  }

  /** Whether a caller holding {@code authorities} may start a TRACE request. */
  public boolean tracePermitted(Collection<? extends @Nullable String> authorities) {
    for (String authority : authorities) {
      if (authority != null && traceAuthorities.contains(authority)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The authorities any one of which permits TRACE requests: the permission and, with a role
   * prefix, the role of that name. For the refusal log line.
   */
  public List<String> traceAuthorities() {
    return traceAuthorities;
  }

  @Override
  public String toString() {
    return "IdentityRules[accountClaim="
        + accountClaim
        + ", testerClaim="
        + testerClaim
        + ", licenseClaim="
        + licenseClaim
        + ", testerAccounts="
        + testerAccounts.size()
        + ", traceAuthorities="
        + traceAuthorities
        + "]";
  }

  private static @Nullable String text(@Nullable Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    // A JWT library may hand a single-valued claim over as a one-element array.
    if (value instanceof List<?> list && list.size() == 1 && list.get(0) instanceof String s) {
      return s;
    }
    return null;
  }

  private static @Nullable String valid(ContextField field, @Nullable String value) {
    return value != null && field.isValid(value) ? value : null;
  }

  private static void notBlank(@Nullable String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
