package io.contextkit.archunit;

import com.tngtech.archunit.ArchConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the rules treat as sanctioned: the packages of the context layer (which may do everything
 * the rules forbid elsewhere), the names of identity headers, and where the dependency allow-list
 * lives.
 *
 * <p>Immutable; the {@code with…} methods return a copy. The rule constants of {@link ContextRules}
 * and {@link ManagedDependencyRules} use {@link #fromArchUnitProperties()}, so a team configures
 * them with namespaced keys in its own {@code archunit.properties} (this module ships none):
 *
 * <pre>{@code
 * contextkit.sanctionedPackages=com.acme.platform.context..,com.acme.platform.http..
 * contextkit.identityHeaders=X-User-Id,X-Tenant-Id
 * contextkit.allowList=archunit-allowed-dependencies.txt
 * }</pre>
 *
 * @param sanctionedPackages ArchUnit package identifiers ({@code com.acme.context..}) exempt from
 *     the {@code CTX-*} rules
 * @param identityHeaders header names (case-insensitive) that carry identity or privilege
 * @param allowList a file path (relative to the working directory) or, when no such file exists, a
 *     classpath resource holding the dependency allow-list
 */
public record ContextRulesConfiguration(
    List<String> sanctionedPackages, List<String> identityHeaders, String allowList) {

  /** The context layer of ContextKit itself: our own code is where the wrapping happens. */
  public static final String CONTEXTKIT_PACKAGES = "io.contextkit..";

  /**
   * Headers that carry identity or privilege in ContextKit's wire format and in common gateways.
   */
  public static final List<String> DEFAULT_IDENTITY_HEADERS =
      List.of(
          "X-User-Id",
          "X-Account-Id",
          "X-Tenant-Id",
          "X-Request-Type",
          "X-Tester",
          "X-License",
          "X-Forwarded-User",
          "X-Auth-Request-User",
          "baggage");

  /** Default name of the allow-list file. */
  public static final String DEFAULT_ALLOW_LIST = "archunit-allowed-dependencies.txt";

  private static final String PREFIX = "contextkit.";

  public ContextRulesConfiguration {
    sanctionedPackages = List.copyOf(sanctionedPackages);
    identityHeaders = List.copyOf(identityHeaders);
    Objects.requireNonNull(allowList, "allowList");
  }

  /** ContextKit's packages sanctioned, the default identity headers and allow-list name. */
  public static ContextRulesConfiguration defaults() {
    return new ContextRulesConfiguration(
        List.of(CONTEXTKIT_PACKAGES), DEFAULT_IDENTITY_HEADERS, DEFAULT_ALLOW_LIST);
  }

  /**
   * The defaults, changed by the {@code contextkit.*} keys of the user's {@code
   * archunit.properties} (or {@code -Darchunit.contextkit.*}): {@code sanctionedPackages} is added
   * to ContextKit's own packages, {@code identityHeaders} replaces the default list, {@code
   * allowList} names the allow-list.
   */
  public static ContextRulesConfiguration fromArchUnitProperties() {
    ArchConfiguration configuration = ArchConfiguration.get();
    ContextRulesConfiguration result = defaults();
    List<String> packages =
        split(configuration.getPropertyOrDefault(PREFIX + "sanctionedPackages", ""));
    if (!packages.isEmpty()) {
      List<String> all = new ArrayList<>(result.sanctionedPackages);
      all.addAll(packages);
      result = result.withSanctionedPackages(all.toArray(String[]::new));
    }
    List<String> headers =
        split(configuration.getPropertyOrDefault(PREFIX + "identityHeaders", ""));
    if (!headers.isEmpty()) {
      result = result.withIdentityHeaders(headers.toArray(String[]::new));
    }
    return result.withAllowList(
        configuration.getPropertyOrDefault(PREFIX + "allowList", DEFAULT_ALLOW_LIST));
  }

  /** A copy whose sanctioned packages are exactly {@code packages} (ContextKit's not implied). */
  public ContextRulesConfiguration withSanctionedPackages(String... packages) {
    return new ContextRulesConfiguration(List.of(packages), identityHeaders, allowList);
  }

  /** A copy whose identity headers are exactly {@code headers}. */
  public ContextRulesConfiguration withIdentityHeaders(String... headers) {
    return new ContextRulesConfiguration(sanctionedPackages, List.of(headers), allowList);
  }

  /** A copy with another allow-list location. */
  public ContextRulesConfiguration withAllowList(String location) {
    return new ContextRulesConfiguration(sanctionedPackages, identityHeaders, location);
  }

  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return parts;
  }
}
