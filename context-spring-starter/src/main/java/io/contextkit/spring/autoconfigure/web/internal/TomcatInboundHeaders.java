package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.W3CHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The inbound headers {@link ContextPropagator#extract} reads ({@code traceparent}, {@code
 * tracestate}, {@code baggage}, the request id and the signature header), collected in one pass
 * over Tomcat's header list: reading them one by one through the servlet API scans the whole list
 * once per name and allocates an enumeration per repeatable header. Names match ignoring ASCII case
 * and repeated headers keep their order, exactly as Tomcat's {@code getHeader} and {@code
 * getHeaders} answer; a name outside the five is read from Tomcat directly.
 *
 * <p>Only loaded when Tomcat is (by {@link ContextKitTomcatValve}).
 */
final class TomcatInboundHeaders {

  private final MimeHeaders headers;
  private final String[] names;

  /** Per name: absent, one value (a String) or several (a List of them), in the order received. */
  private final @Nullable Object[] values;

  private TomcatInboundHeaders(MimeHeaders headers, String[] names) {
    this.headers = headers;
    this.names = names;
    this.values = new Object[names.length];
  }

  /** The header names a propagator reads, lower case, for {@link #collect}. */
  static String[] namesReadBy(ContextPropagator propagator) {
    return new String[] {
      W3CHeaders.TRACEPARENT,
      W3CHeaders.TRACESTATE,
      W3CHeaders.BAGGAGE,
      propagator.requestIdHeader(),
      propagator.signatureHeader()
    };
  }

  /** Reads the values of {@code names} in one pass over {@code headers}. */
  static TomcatInboundHeaders collect(MimeHeaders headers, String[] names) {
    TomcatInboundHeaders collected = new TomcatInboundHeaders(headers, names);
    int size = headers.size();
    for (int i = 0; i < size; i++) {
      MessageBytes name = headers.getName(i);
      for (int k = 0; k < names.length; k++) {
        // Compares the raw bytes, length first: no String is made of a name.
        if (name.equalsIgnoreCase(names[k])) {
          collected.add(k, headers.getValue(i).toString());
          break;
        }
      }
    }
    return collected;
  }

  @SuppressWarnings("unchecked")
  private void add(int slot, @Nullable String value) {
    if (value == null) {
      return;
    }
    Object existing = values[slot];
    if (existing == null) {
      values[slot] = value;
    } else if (existing instanceof String first) {
      List<String> all = new ArrayList<>(2);
      all.add(first);
      all.add(value);
      values[slot] = all;
    } else {
      ((List<String>) existing).add(value);
    }
  }

  private int slot(String name) {
    for (int k = 0; k < names.length; k++) {
      if (names[k] == name || names[k].equalsIgnoreCase(name)) {
        return k;
      }
    }
    return -1;
  }

  /** Reads the collected headers. */
  static final HeaderGetter<TomcatInboundHeaders> GETTER =
      new HeaderGetter<>() {
        @Override
        @SuppressWarnings("unchecked")
        public @Nullable String get(TomcatInboundHeaders carrier, String name) {
          int slot = carrier.slot(name);
          if (slot < 0) {
            return carrier.headers.getHeader(name);
          }
          Object value = carrier.values[slot];
          if (value == null || value instanceof String) {
            return (String) value;
          }
          return ((List<String>) value).get(0);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterator<String> getAll(TomcatInboundHeaders carrier, String name) {
          int slot = carrier.slot(name);
          if (slot < 0) {
            return carrier.headers.values(name).asIterator();
          }
          Object value = carrier.values[slot];
          if (value == null) {
            return Collections.emptyIterator();
          }
          if (value instanceof String single) {
            return Collections.singletonList(single).iterator();
          }
          return ((List<String>) value).iterator();
        }
      };
}
