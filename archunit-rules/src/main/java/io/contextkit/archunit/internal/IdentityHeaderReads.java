package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.contextkit.archunit.ContextBypass;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Finds reads of identity headers: header-reading calls in code that names an identity header (as a
 * string constant in its own bytecode or in the lambdas written in it), and handler parameters
 * bound to an identity header by annotation ({@code @RequestHeader("X-User-Id")},
 * {@code @HeaderParam}).
 *
 * <p>When the bytecode of a class cannot be read, a header-reading call is treated as forbidden:
 * failing closed keeps the rule from passing because of an unusual class location.
 */
public final class IdentityHeaderReads
    implements ForbiddenUsageCondition.AccessFilter, ForbiddenUsageCondition.MemberCheck {

  private static final List<String> HEADER_ANNOTATIONS =
      List.of(
          "org.springframework.web.bind.annotation.RequestHeader",
          "jakarta.ws.rs.HeaderParam",
          "javax.ws.rs.HeaderParam",
          "org.jboss.resteasy.reactive.RestHeader",
          "io.micronaut.http.annotation.Header");

  private final Set<String> identityHeaders;
  private final Map<String, Optional<StringConstants>> constantsByClass = new ConcurrentHashMap<>();

  /** Header names compared case-insensitively, as HTTP does. */
  public IdentityHeaderReads(List<String> identityHeaders) {
    TreeSet<String> lowerCase = new TreeSet<>();
    for (String header : identityHeaders) {
      lowerCase.add(header.toLowerCase(Locale.ROOT));
    }
    this.identityHeaders = Set.copyOf(lowerCase);
  }

  @Override
  public boolean isForbidden(JavaAccess<?> access) {
    JavaCodeUnit origin = access.getOrigin();
    JavaClass owner = origin.getOwner();
    Optional<StringConstants> constants =
        constantsByClass.computeIfAbsent(owner.getName(), name -> read(owner));
    if (constants.isEmpty()) {
      return true;
    }
    if (containsIdentityHeader(constants.get().of(origin.getName(), origin.getDescriptor()))) {
      return true;
    }
    // javac compiles a lambda body into a synthetic method named lambda$<enclosing>$<n>, while
    // ArchUnit attributes the lambda's accesses to the enclosing method.
    String lambdaPrefix =
        "lambda$"
            + (origin.isConstructor()
                ? "new"
                : "<clinit>".equals(origin.getName()) ? "static" : origin.getName())
            + "$";
    for (Map.Entry<String, Set<String>> method : constants.get().all().entrySet()) {
      if (method.getKey().startsWith(lambdaPrefix) && containsIdentityHeader(method.getValue())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void check(JavaClass javaClass, ConditionEvents events) {
    for (JavaCodeUnit codeUnit : javaClass.getCodeUnits()) {
      for (JavaParameter parameter : codeUnit.getParameters()) {
        String header = boundIdentityHeader(parameter);
        if (header != null && !Exemptions.isBypassed(codeUnit)) {
          String message =
              String.format(
                  "%s binds identity header <%s> to parameter %d in %s",
                  codeUnit.getDescription(),
                  header,
                  parameter.getIndex(),
                  codeUnit.getSourceCodeLocation());
          events.add(SimpleConditionEvent.satisfied(parameter, message));
        }
      }
    }
  }

  private @Nullable String boundIdentityHeader(JavaParameter parameter) {
    for (JavaAnnotation<JavaParameter> annotation : parameter.getAnnotations()) {
      if (!HEADER_ANNOTATIONS.contains(annotation.getRawType().getName())) {
        continue;
      }
      for (String property : List.of("value", "name")) {
        Optional<Object> value = annotation.get(property);
        if (value.isPresent()
            && value.get() instanceof String
            && identityHeaders.contains(((String) value.get()).toLowerCase(Locale.ROOT))) {
          return (String) value.get();
        }
      }
    }
    return null;
  }

  private boolean containsIdentityHeader(Set<String> constants) {
    for (String constant : constants) {
      if (identityHeaders.contains(constant.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  @ContextBypass(reason = "reads a class file from a jar: or file: URL of the build, not HTTP")
  private static Optional<StringConstants> read(JavaClass javaClass) {
    Optional<Source> source = javaClass.getSource();
    if (source.isEmpty()) {
      return Optional.empty();
    }
    try {
      URLConnection connection = source.get().getUri().toURL().openConnection();
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream()) {
        return Optional.of(StringConstants.parse(in.readAllBytes()));
      }
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
