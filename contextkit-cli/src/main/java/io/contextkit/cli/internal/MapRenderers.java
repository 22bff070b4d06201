package io.contextkit.cli.internal;

import io.contextkit.cli.internal.SystemMap.Edge;
import io.contextkit.cli.internal.SystemMap.Node;
import io.contextkit.cli.internal.SystemMap.NodeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link SystemMap} as Mermaid, Graphviz DOT or one self-contained HTML page. Every name
 * from a report is escaped for the target language: a service or topic name can never break out of
 * a label, a DOT string or the HTML/SVG markup.
 */
final class MapRenderers {

  private MapRenderers() {}

  // ---- Mermaid ----

  static String mermaid(SystemMap map) {
    Map<String, String> ids = ids(map);
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (Node node : map.nodes()) {
      String label = mermaidText(node.label());
      String id = ids.get(node.id());
      out.append("  ").append(id);
      switch (node.kind()) {
        case SERVICE -> out.append("[\"").append(label).append("\"]");
        case THIRD_PARTY -> out.append("{{\"").append(label).append("\"}}");
        case DATASOURCE, CACHE -> out.append("[(\"").append(label).append("\")]");
        default -> out.append(">\"").append(label).append("\"]");
      }
      out.append("\n");
    }
    for (Edge edge : map.edges()) {
      out.append("  ")
          .append(ids.get(edge.from().id()))
          .append(edge.errors() > 0 ? " -. \"" : " -- \"")
          .append(mermaidText(edge.summary()))
          .append(edge.errors() > 0 ? "\" .-> " : "\" --> ")
          .append(ids.get(edge.to().id()))
          .append("\n");
    }
    return out.toString();
  }

  /** Mermaid labels in quotes take entity codes; everything not plainly safe becomes one. */
  static String mermaidText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) && c < 0x80
                  || c == ' '
                  || c == '.'
                  || c == ','
                  || c == ':'
                  || c == '/'
                  || c == '-'
                  || c == '_'
                  || c == '%'
                  || c == '@') {
                out.appendCodePoint(c);
              } else {
                out.append("#").append(c).append(";");
              }
            });
    return out.toString();
  }

  // ---- DOT ----

  static String dot(SystemMap map) {
    Map<String, String> ids = ids(map);
    StringBuilder out =
        new StringBuilder("digraph system {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n");
    out.append("  edge [fontname=\"sans-serif\", fontsize=10];\n");
    for (Node node : map.nodes()) {
      out.append("  ")
          .append(ids.get(node.id()))
          .append(" [label=")
          .append(dotString(node.label()))
          .append(", shape=")
          .append(
              switch (node.kind()) {
                case SERVICE -> "box, style=\"rounded,filled\", fillcolor=\"#dbeafe\"";
                case THIRD_PARTY -> "hexagon, style=filled, fillcolor=\"#fde68a\"";
                case DATASOURCE, CACHE -> "cylinder, style=filled, fillcolor=\"#dcfce7\"";
                default -> "cds, style=filled, fillcolor=\"#ede9fe\"";
              })
          .append("];\n");
    }
    for (Edge edge : map.edges()) {
      out.append("  ")
          .append(ids.get(edge.from().id()))
          .append(" -> ")
          .append(ids.get(edge.to().id()))
          .append(" [label=")
          .append(dotString(edge.summary()))
          .append(edge.errors() > 0 ? ", color=\"#dc2626\"" : "")
          .append("];\n");
    }
    return out.append("}\n").toString();
  }

  static String dotString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  // ---- HTML ----

  private static final int BOX_WIDTH = 220;
  private static final int BOX_HEIGHT = 46;
  private static final int COLUMN = 500;
  private static final int ROW = 86;
  private static final int MARGIN = 40;

  /**
   * One HTML page, nothing fetched: the graph as SVG laid out here (columns by longest path from
   * the services that nothing calls, rows by kind and name), a legend and a table of the edges. A
   * small inline script highlights a node's edges on hover and marks the page ready.
   */
  static String html(SystemMap map, String generatedAt) {
    List<Node> nodes = map.nodes();
    List<Edge> edges = map.edges();
    Map<String, Integer> layer = layers(nodes, edges);
    Map<Integer, List<Node>> columns = new java.util.TreeMap<>();
    for (Node node : nodes) {
      columns.computeIfAbsent(layer.get(node.id()), k -> new ArrayList<>()).add(node);
    }
    Map<String, int[]> at = new HashMap<>();
    int rows = 1;
    for (Map.Entry<Integer, List<Node>> column : columns.entrySet()) {
      List<Node> list = column.getValue();
      list.sort(java.util.Comparator.comparing(Node::kind).thenComparing(Node::label));
      rows = Math.max(rows, list.size());
      for (int i = 0; i < list.size(); i++) {
        at.put(list.get(i).id(), new int[] {MARGIN + column.getKey() * COLUMN, MARGIN + i * ROW});
      }
    }
    int width = MARGIN * 2 + Math.max(1, columns.size()) * COLUMN - (COLUMN - BOX_WIDTH);
    int loopCount = 0;
    for (Edge edge : edges) {
      if (layer.get(edge.to().id()) - layer.get(edge.from().id()) != 1) {
        loopCount++;
      }
    }
    int height = MARGIN * 2 + rows * ROW + 40 + loopCount * 40;
    Map<String, String> ids = ids(map);

    StringBuilder svg = new StringBuilder();
    svg.append("<svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"system map\">\n")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
        .append(" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#475569\"/></marker></defs>\n");
    // Labels sit in the gap left of their target, stacked when several edges arrive there.
    Map<String, List<Edge>> incoming = new HashMap<>();
    for (Edge edge : edges) {
      incoming.computeIfAbsent(edge.to().id(), k -> new ArrayList<>()).add(edge);
    }
    int loops = 0;
    for (Edge edge : edges) {
      int[] a = at.get(edge.from().id());
      int[] b = at.get(edge.to().id());
      int span = layer.get(edge.to().id()) - layer.get(edge.from().id());
      double x1 = a[0] + BOX_WIDTH;
      double y1 = a[1] + BOX_HEIGHT / 2.0;
      double x2 = b[0];
      double y2 = b[1] + BOX_HEIGHT / 2.0;
      String path;
      double lx;
      double ly;
      if (span == 1) {
        double dx = (x2 - x1) / 2;
        path =
            fmt(
                "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                x1, y1, x1 + dx, y1, x2 - dx, y2, x2, y2);
        lx = 0;
        ly = 0;
      } else {
        // Across columns (or backwards): loop below every box, so the line never runs behind a
        // node it does not touch.
        double low = MARGIN + rows * ROW + 30 + loops * 40;
        loops++;
        double bend = span > 0 ? 120 : -120;
        path =
            fmt(
                "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                x1, y1, x1 + bend, low, x2 - bend, low, x2, y2);
        // The curve's lowest point, where its label goes.
        lx = (x1 + x2) / 2;
        ly = 0.125 * (y1 + y2) + 0.75 * low - 4;
      }
      if (span == 1) {
        List<Edge> arriving = incoming.get(edge.to().id());
        int k = arriving.indexOf(edge);
        lx = x2 - (COLUMN - BOX_WIDTH) / 2.0;
        ly = y2 - 6 + (k - (arriving.size() - 1) / 2.0) * 14;
      }
      svg.append("<g class=\"edge")
          .append(edge.errors() > 0 ? " failing" : "")
          .append("\" data-from=\"")
          .append(ids.get(edge.from().id()))
          .append("\" data-to=\"")
          .append(ids.get(edge.to().id()))
          .append("\"><path d=\"")
          .append(path)
          .append("\" marker-end=\"url(#arrow)\"/><text x=\"")
          .append(fmt("%.1f", lx))
          .append("\" y=\"")
          .append(fmt("%.1f", ly))
          .append("\" text-anchor=\"middle\">")
          .append(xml(edge.summary()))
          .append("</text></g>\n");
    }
    for (Node node : nodes) {
      int[] p = at.get(node.id());
      svg.append("<g class=\"node ")
          .append(node.kind().name().toLowerCase(Locale.ROOT))
          .append("\" id=\"")
          .append(ids.get(node.id()))
          .append("\" data-kind=\"")
          .append(node.kind().name())
          .append("\"><title>")
          .append(xml(node.kind().label() + ": " + node.label()))
          .append("</title><rect x=\"")
          .append(p[0])
          .append("\" y=\"")
          .append(p[1])
          .append("\" width=\"")
          .append(BOX_WIDTH)
          .append("\" height=\"")
          .append(BOX_HEIGHT)
          .append("\" rx=\"")
          .append(
              node.kind() == NodeKind.SERVICE ? 10 : node.kind() == NodeKind.THIRD_PARTY ? 22 : 3)
          .append("\"/><text class=\"kind\" x=\"")
          .append(p[0] + 10)
          .append("\" y=\"")
          .append(p[1] + 16)
          .append("\">")
          .append(xml(node.kind().label()))
          .append("</text><text class=\"label\" x=\"")
          .append(p[0] + 10)
          .append("\" y=\"")
          .append(p[1] + 35)
          .append("\">")
          .append(xml(shorten(node.label(), 30)))
          .append("</text></g>\n");
    }
    svg.append("</svg>\n");

    StringBuilder rowsHtml = new StringBuilder();
    for (Edge edge : edges) {
      rowsHtml
          .append("<tr><td>")
          .append(xml(edge.from().label()))
          .append("</td><td>")
          .append(xml(edge.direction().toLowerCase(Locale.ROOT)))
          .append("</td><td>")
          .append(xml(edge.to().label()))
          .append("</td><td class=\"n\">")
          .append(edge.calls())
          .append("</td><td class=\"n\">")
          .append(fmt("%.1f", edge.callsPerMinute()))
          .append("</td><td class=\"n\">")
          .append(edge.errors())
          .append(" (")
          .append(fmt("%.1f", edge.errorRate() * 100))
          .append("%)</td><td class=\"n\">")
          .append(edge.traceCalls())
          .append("</td><td class=\"n\">")
          .append(edge.p99Millis() == null ? "-" : fmt("%.1f ms", edge.p99Millis()))
          .append("</td></tr>\n");
    }
    String services = xml(String.join(", ", map.services()));
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <title>System map: %s</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:24px;color:#0f172a}
        h1{font-size:20px;margin:0 0 4px} p.meta{color:#475569;margin:0 0 16px;font-size:13px}
        #graph{border:1px solid #e2e8f0;border-radius:8px;background:#f8fafc;max-width:100%%;height:auto}
        .node rect{stroke:#334155;stroke-width:1.2}
        .node.service rect{fill:#dbeafe}.node.third_party rect{fill:#fde68a}
        .node.datasource rect,.node.cache rect{fill:#dcfce7}.node.mail rect{fill:#fce7f3}
        .node.kafka_topic rect,.node.jms_destination rect,.node.rabbit_exchange rect{fill:#ede9fe}
        .node text.kind{font-size:10px;fill:#475569;text-transform:uppercase;letter-spacing:.04em}
        .node text.label{font-size:14px;font-weight:600}
        .edge path{fill:none;stroke:#64748b;stroke-width:1.6}
        .edge.failing path{stroke:#dc2626;stroke-dasharray:5 3}
        .edge text{font-size:10.5px;fill:#1e293b;paint-order:stroke;stroke:#f8fafc;stroke-width:3px}
        .dim{opacity:.15} table{border-collapse:collapse;margin-top:20px;font-size:13px}
        td,th{border-bottom:1px solid #e2e8f0;padding:4px 10px;text-align:left} td.n{text-align:right}
        </style></head>
        <body>
        <h1>System map</h1>
        <p class="meta">Services: %s &middot; %d nodes, %d edges &middot; generated %s by contextkit map%s</p>
        %s
        <table id="edges"><thead><tr><th>from</th><th></th><th>to</th><th>calls</th><th>per min</th><th>errors</th><th>TRACE</th><th>p99</th></tr></thead>
        <tbody>
        %s</tbody></table>
        <script>
        (function () {
          var svg = document.getElementById('graph');
          var edges = svg.querySelectorAll('g.edge');
          svg.querySelectorAll('g.node').forEach(function (node) {
            node.addEventListener('mouseenter', function () {
              edges.forEach(function (e) {
                var on = e.dataset.from === node.id || e.dataset.to === node.id;
                e.classList.toggle('dim', !on);
              });
            });
            node.addEventListener('mouseleave', function () {
              edges.forEach(function (e) { e.classList.remove('dim'); });
            });
          });
          document.body.dataset.rendered = String(svg.querySelectorAll('g.node').length);
        })();
        </script>
        </body></html>
        """
        .formatted(
            services,
            services,
            nodes.size(),
            edges.size(),
            xml(generatedAt),
            map.overflowCalls() > 0
                ? " &middot; " + map.overflowCalls() + " calls over the services' edge caps"
                : "",
            svg,
            rowsHtml);
  }

  /**
   * Columns: a depth-first search from the nodes that call most and are called least (services
   * first) marks the edges that close a cycle (a service called back by its callee); the others
   * form a DAG whose longest paths give each node its column. Cycle edges are drawn as loops.
   */
  static Map<String, Integer> layers(List<Node> nodes, List<Edge> edges) {
    Map<String, List<Edge>> outgoing = new HashMap<>();
    Map<String, Integer> score = new HashMap<>();
    for (Edge edge : edges) {
      outgoing.computeIfAbsent(edge.from().id(), k -> new ArrayList<>()).add(edge);
      score.merge(edge.from().id(), 1, Integer::sum);
      score.merge(edge.to().id(), -1, Integer::sum);
    }
    List<Node> roots = new ArrayList<>(nodes);
    roots.sort(
        java.util.Comparator.comparing((Node n) -> -score.getOrDefault(n.id(), 0))
            .thenComparing(n -> n.kind() != NodeKind.SERVICE)
            .thenComparing(Node::id));
    java.util.Set<Edge> back =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Map<String, Integer> state = new HashMap<>(); // 1 on the stack, 2 done
    for (Node root : roots) {
      if (!state.containsKey(root.id())) {
        visit(root.id(), outgoing, state, back);
      }
    }
    Map<String, Integer> layer = new HashMap<>();
    for (Node node : nodes) {
      layer.put(node.id(), 0);
    }
    for (int round = 0; round < nodes.size(); round++) {
      boolean changed = false;
      for (Edge edge : edges) {
        if (back.contains(edge)) {
          continue;
        }
        int next = layer.get(edge.from().id()) + 1;
        if (next > layer.get(edge.to().id())) {
          layer.put(edge.to().id(), next);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return layer;
  }

  private static void visit(
      String id,
      Map<String, List<Edge>> outgoing,
      Map<String, Integer> state,
      java.util.Set<Edge> back) {
    state.put(id, 1);
    for (Edge edge : outgoing.getOrDefault(id, List.of())) {
      Integer seen = state.get(edge.to().id());
      if (seen == null) {
        visit(edge.to().id(), outgoing, state, back);
      } else if (seen == 1) {
        back.add(edge);
      }
    }
    state.put(id, 2);
  }

  /** Short ids ({@code n1}, {@code n2}, ...) in node order: never derived from input text. */
  private static Map<String, String> ids(SystemMap map) {
    Map<String, String> ids = new HashMap<>();
    int i = 1;
    for (Node node : map.nodes()) {
      ids.put(node.id(), "n" + i++);
    }
    return ids;
  }

  static String xml(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 ? ' ' : c);
      }
    }
    return out.toString();
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
