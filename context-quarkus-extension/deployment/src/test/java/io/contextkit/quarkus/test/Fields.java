package io.contextkit.quarkus.test;

import io.contextkit.ContextField;
import io.contextkit.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a context as {@code key=value;…} and reads it back, so tests compare what each hop saw.
 */
public final class Fields {

  private Fields() {}

  public static String render(RequestContext context) {
    StringBuilder sb = new StringBuilder();
    for (ContextField field : ContextField.values()) {
      String value = context.get(field);
      if (value != null) {
        sb.append(field.key()).append('=').append(value).append(';');
      }
    }
    return sb.toString();
  }

  public static Map<String, String> parse(String rendered) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String part : rendered.trim().split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        map.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return map;
  }
}
