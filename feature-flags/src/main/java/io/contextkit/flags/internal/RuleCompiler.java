package io.contextkit.flags.internal;

import io.contextkit.flags.FlagContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a flagd targeting rule (JsonLogic plus flagd's operators) into a tree of {@link Node}s,
 * once, when definitions are loaded. {@code $ref}s are inlined, constant sub-trees folded, variant
 * names resolved to indexes, and every problem reported as a {@link RuleException} at load time.
 *
 * <p>Supported: {@code if}/{@code ?:}, {@code ==}, {@code ===}, {@code !=}, {@code !==}, {@code !},
 * {@code !!}, {@code and}, {@code or}, {@code <}, {@code <=} (both with the three-argument
 * "between" form), {@code >}, {@code >=}, {@code in}, {@code var}, {@code cat}, {@code $ref},
 * {@code fractional}, {@code sem_ver}, {@code starts_with}, {@code ends_with}.
 */
public final class RuleCompiler {

  private final String flagKey;
  private final Map<String, ?> evaluators;
  private final Map<String, Integer> variantIndex;
  private final Deque<String> refStack = new ArrayDeque<>();

  private RuleCompiler(String flagKey, Map<String, ?> evaluators, Map<String, Integer> variants) {
    this.flagKey = flagKey;
    this.evaluators = evaluators;
    this.variantIndex = variants;
  }

  /**
   * Compiles {@code targeting} for flag {@code flagKey}.
   *
   * @param evaluators the flag set's {@code $evaluators}, by name
   * @param variantIndex variant name to index
   * @throws RuleException when the rule is invalid
   */
  public static CompiledTargeting compile(
      String flagKey,
      @Nullable Object targeting,
      Map<String, ?> evaluators,
      Map<String, Integer> variantIndex) {
    RuleCompiler compiler = new RuleCompiler(flagKey, evaluators, variantIndex);
    return compiler.result(targeting, "targeting");
  }

  /**
   * Returns {@code targeting} with every {@code $ref} replaced by the evaluator it names,
   * recursively; used to compare definitions across reloads.
   */
  public static @Nullable Object inlineRefs(
      String flagKey, @Nullable Object targeting, Map<String, ?> evaluators) {
    return new RuleCompiler(flagKey, evaluators, Map.of()).inline(targeting);
  }

  private @Nullable Object inline(@Nullable Object json) {
    if (json instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) json;
      if (map.size() == 1 && map.containsKey("$ref")) {
        String name = refName(map.get("$ref"));
        Object target = enterRef(name);
        try {
          return inline(target);
        } finally {
          refStack.pop();
        }
      }
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), inline(e.getValue()));
      }
      return out;
    }
    if (json instanceof List) {
      List<@Nullable Object> out = new ArrayList<>();
      for (Object o : (List<?>) json) {
        out.add(inline(o));
      }
      return out;
    }
    return json;
  }

  // ---------------------------------------------------------------- result position

  private CompiledTargeting result(@Nullable Object json, String where) {
    if (json == null) {
      return new ConstantResult(CompiledTargeting.NO_MATCH);
    }
    if (json instanceof String || json instanceof Boolean || json instanceof Number) {
      String name = variantName(json);
      Integer idx = name == null ? null : variantIndex.get(name);
      if (idx == null) {
        throw new RuleException(
            where
                + " yields "
                + describe(json)
                + ", which is not one of the variants "
                + variants());
      }
      return new ConstantResult(idx);
    }
    if (json instanceof List) {
      throw new RuleException(where + " yields an array; a targeting rule must name a variant");
    }
    Map<?, ?> map = (Map<?, ?>) json;
    String op = operator(map, where);
    Object args = map.get(op);
    switch (op) {
      case "$ref":
        {
          String name = refName(args);
          Object target = enterRef(name);
          try {
            return result(target, "$evaluators." + name);
          } finally {
            refStack.pop();
          }
        }
      case "if":
      case "?:":
        {
          List<?> list = asList(args);
          if (list.isEmpty()) {
            return new ConstantResult(CompiledTargeting.NO_MATCH);
          }
          int pairs = list.size() / 2;
          Node[] conditions = new Node[pairs];
          CompiledTargeting[] branches = new CompiledTargeting[pairs];
          for (int i = 0; i < pairs; i++) {
            conditions[i] = node(list.get(2 * i), where + ".if[" + (2 * i) + "]");
            branches[i] = result(list.get(2 * i + 1), where + ".if[" + (2 * i + 1) + "]");
          }
          CompiledTargeting otherwise =
              list.size() % 2 == 1
                  ? result(list.get(list.size() - 1), where + ".if[" + (list.size() - 1) + "]")
                  : new ConstantResult(CompiledTargeting.NO_MATCH);
          return new IfResult(conditions, branches, otherwise);
        }
      case "fractional":
        {
          Fractional fractional = fractional(args, where);
          int[] constantIdx = new int[fractional.buckets.length];
          for (int i = 0; i < constantIdx.length; i++) {
            Node v = fractional.buckets[i].variant;
            if (v.isConstant()) {
              Object value = v.eval(FlagContext.empty());
              String name = variantName(value);
              Integer idx = name == null ? null : variantIndex.get(name);
              if (idx == null) {
                throw new RuleException(
                    where
                        + ".fractional bucket "
                        + i
                        + " names "
                        + describe(value)
                        + ", which is not one of the variants "
                        + variants());
              }
              constantIdx[i] = idx;
            } else {
              constantIdx[i] = -1;
            }
          }
          return new FractionalResult(fractional, constantIdx, variantIndex);
        }
      default:
        return new ExpressionResult(node(json, where), variantIndex);
    }
  }

  private String variants() {
    return new ArrayList<>(variantIndex.keySet()).toString();
  }

  /**
   * The variant a targeting value names, as flagd reads it: strings, booleans, integral numbers.
   */
  static @Nullable String variantName(@Nullable Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? "true" : "false";
    }
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    return null;
  }

  // ---------------------------------------------------------------- value position

  private Node node(@Nullable Object json, String where) {
    if (json == null || json instanceof String || json instanceof Boolean) {
      return new Constant(json);
    }
    if (json instanceof Number) {
      return new Constant(json);
    }
    if (json instanceof List) {
      List<?> list = (List<?>) json;
      Node[] items = new Node[list.size()];
      boolean constant = true;
      for (int i = 0; i < items.length; i++) {
        items[i] = node(list.get(i), where + "[" + i + "]");
        constant &= items[i].isConstant();
      }
      if (constant) {
        List<@Nullable Object> values = new ArrayList<>(items.length);
        for (Node item : items) {
          values.add(item.eval(FlagContext.empty()));
        }
        return new Constant(Collections.unmodifiableList(values));
      }
      return new ArrayNode(items);
    }
    Map<?, ?> map = (Map<?, ?>) json;
    String op = operator(map, where);
    Object args = map.get(op);
    String at = where + "." + op;
    switch (op) {
      case "$ref":
        {
          String name = refName(args);
          Object target = enterRef(name);
          try {
            return node(target, "$evaluators." + name);
          } finally {
            refStack.pop();
          }
        }
      case "var":
        return var(args, at);
      case "if":
      case "?:":
        {
          Node[] parts = nodes(args, at);
          return fold(new IfNode(parts));
        }
      case "==":
      case "===":
      case "!=":
      case "!==":
        {
          Node[] parts = arity(nodes(args, at), 2, 2, at);
          return fold(new EqualsNode(parts[0], parts[1], op.length() == 3, op.charAt(0) == '!'));
        }
      case "!":
      case "!!":
        {
          Node[] parts = arity(nodes(args, at), 1, 1, at);
          return fold(new NotNode(parts[0], op.length() == 2));
        }
      case "and":
      case "or":
        {
          Node[] parts = arity(nodes(args, at), 1, Integer.MAX_VALUE, at);
          return fold(new AndOrNode(parts, op.equals("and")));
        }
      case "<":
      case "<=":
      case ">":
      case ">=":
        {
          int max = op.charAt(0) == '<' ? 3 : 2;
          Node[] parts = arity(nodes(args, at), 2, max, at);
          return fold(new CompareNode(parts, op.charAt(0) == '<', op.length() == 2));
        }
      case "in":
        {
          Node[] parts = arity(nodes(args, at), 2, 2, at);
          return fold(new InNode(parts[0], parts[1]));
        }
      case "cat":
        return fold(new CatNode(nodes(args, at)));
      case "starts_with":
      case "ends_with":
        {
          Node[] parts = arity(nodes(args, at), 2, 2, at);
          return fold(new AffixNode(parts[0], parts[1], op.equals("starts_with")));
        }
      case "sem_ver":
        return semVer(arity(nodes(args, at), 3, 3, at), at);
      case "fractional":
        return fractional(args, where);
      default:
        throw new RuleException(
            "unsupported operator \""
                + op
                + "\" at "
                + where
                + " (supported: if, ==, ===, !=, !==, !, !!, and, or, <, <=, >, >=, in, var, cat,"
                + " $ref, fractional, sem_ver, starts_with, ends_with)");
    }
  }

  private Node var(@Nullable Object args, String at) {
    Object path = args;
    Node fallback = null;
    if (args instanceof List) {
      List<?> list = (List<?>) args;
      if (list.isEmpty() || list.size() > 2) {
        throw new RuleException(at + " takes a path and an optional default");
      }
      path = list.get(0);
      if (list.size() == 2) {
        fallback = node(list.get(1), at + "[1]");
      }
    }
    String text;
    if (path instanceof String) {
      text = (String) path;
    } else if (path instanceof Long || path instanceof Integer) {
      text = path.toString();
    } else {
      throw new RuleException(at + " needs a path string, found " + describe(path));
    }
    if (text.isEmpty()) {
      throw new RuleException(at + " with an empty path (the whole context) is not supported");
    }
    String[] segments = split(text);
    if (segments[0].equals("$flagd")) {
      if (segments.length == 2 && segments[1].equals("flagKey")) {
        return new Constant(flagKey);
      }
      if (segments.length == 2 && segments[1].equals("timestamp")) {
        return new TimestampNode();
      }
      throw new RuleException(at + " reads unknown flagd property \"" + text + "\"");
    }
    return new VarNode(segments, fallback);
  }

  private static String[] split(String path) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '.') {
        parts.add(path.substring(start, i));
        start = i + 1;
      }
    }
    return parts.toArray(new String[0]);
  }

  private Node semVer(Node[] parts, String at) {
    if (!parts[1].isConstant()) {
      throw new RuleException(at + " needs a literal operator as its second argument");
    }
    Object op = parts[1].eval(FlagContext.empty());
    int code = SemVerNode.operatorCode(op);
    if (code < 0) {
      throw new RuleException(
          at + " has unknown operator " + describe(op) + " (use =, !=, <, <=, >, >=, ^ or ~)");
    }
    SemVer constantTarget = null;
    if (parts[2].isConstant()) {
      Object target = parts[2].eval(FlagContext.empty());
      constantTarget = target instanceof String ? SemVer.parse((String) target) : null;
      if (constantTarget == null) {
        throw new RuleException(at + " compares with " + describe(target) + ", not a version");
      }
    }
    return new SemVerNode(parts[0], code, parts[2], constantTarget);
  }

  private Fractional fractional(@Nullable Object args, String where) {
    String at = where + ".fractional";
    List<?> list = asList(args);
    int first = 0;
    Node bucketBy = null;
    if (!list.isEmpty() && !(list.get(0) instanceof List)) {
      bucketBy = node(list.get(0), at + "[0]");
      first = 1;
    }
    if (list.size() - first < 1) {
      throw new RuleException(at + " needs at least one [variant, weight] bucket");
    }
    Bucket[] buckets = new Bucket[list.size() - first];
    for (int i = first; i < list.size(); i++) {
      String bat = at + "[" + i + "]";
      if (!(list.get(i) instanceof List)) {
        throw new RuleException(bat + " must be a [variant, weight] array");
      }
      List<?> bucket = (List<?>) list.get(i);
      if (bucket.isEmpty() || bucket.size() > 2) {
        throw new RuleException(bat + " must be [variant] or [variant, weight]");
      }
      Node variant = node(bucket.get(0), bat + "[0]");
      Node weight = bucket.size() == 2 ? node(bucket.get(1), bat + "[1]") : new Constant(1L);
      if (weight.isConstant()) {
        Object w = weight.eval(FlagContext.empty());
        long value = Fractional.weight(w);
        if (value < 0) {
          throw new RuleException(
              bat + " has weight " + describe(w) + "; weights are non-negative integers");
        }
      }
      buckets[i - first] = new Bucket(variant, weight);
    }
    Fractional f = new Fractional(flagKey, bucketBy, buckets);
    if (f.constantTotal > Integer.MAX_VALUE) {
      throw new RuleException(at + " weights sum to more than 2147483647");
    }
    return f;
  }

  // ---------------------------------------------------------------- helpers

  private Object enterRef(String name) {
    if (refStack.contains(name)) {
      throw new RuleException("$ref cycle through evaluator \"" + name + "\"");
    }
    if (!evaluators.containsKey(name)) {
      throw new RuleException("$ref to unknown evaluator \"" + name + "\"");
    }
    refStack.push(name);
    return evaluators.get(name);
  }

  private static String refName(@Nullable Object args) {
    if (!(args instanceof String)) {
      throw new RuleException("$ref needs an evaluator name, found " + describe(args));
    }
    return (String) args;
  }

  private static String operator(Map<?, ?> map, String where) {
    if (map.size() != 1) {
      throw new RuleException(
          where
              + " is an object with "
              + map.size()
              + " keys; a rule object has exactly one key, its operator");
    }
    return String.valueOf(map.keySet().iterator().next());
  }

  private static List<?> asList(@Nullable Object args) {
    if (args instanceof List) {
      return (List<?>) args;
    }
    // JsonLogic allows a single argument without the array.
    return Collections.singletonList(args);
  }

  private Node[] nodes(@Nullable Object args, String at) {
    List<?> list = asList(args);
    Node[] nodes = new Node[list.size()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = node(list.get(i), at + "[" + i + "]");
    }
    return nodes;
  }

  private static Node[] arity(Node[] nodes, int min, int max, String at) {
    if (nodes.length < min || nodes.length > max) {
      String expected =
          min == max
              ? String.valueOf(min)
              : (max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max);
      throw new RuleException(at + " takes " + expected + " arguments, found " + nodes.length);
    }
    return nodes;
  }

  private static Node fold(Node node) {
    return node.isConstant() ? new Constant(node.eval(FlagContext.empty())) : node;
  }

  static String describe(@Nullable Object value) {
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    return String.valueOf(value);
  }

  private static boolean allConstant(Node... nodes) {
    for (Node n : nodes) {
      if (!n.isConstant()) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- value nodes

  static final class Constant extends Node {
    private final @Nullable Object value;

    Constant(@Nullable Object value) {
      this.value = value;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      return value;
    }

    @Override
    boolean isConstant() {
      return true;
    }
  }

  static final class ArrayNode extends Node {
    private final Node[] items;

    ArrayNode(Node[] items) {
      this.items = items;
    }

    @Override
    Object eval(FlagContext ctx) {
      // Only reached for arrays with non-constant members, e.g. "in" against context values.
      List<@Nullable Object> values = new ArrayList<>(items.length);
      for (Node item : items) {
        values.add(item.eval(ctx));
      }
      return values;
    }
  }

  static final class VarNode extends Node {
    private final String[] path;
    private final int[] indexes;
    private final @Nullable Node fallback;

    VarNode(String[] path, @Nullable Node fallback) {
      this.path = path;
      this.fallback = fallback;
      this.indexes = new int[path.length];
      for (int i = 0; i < path.length; i++) {
        indexes[i] = index(path[i]);
      }
    }

    private static int index(String segment) {
      if (segment.isEmpty() || segment.length() > 9) {
        return -1;
      }
      int v = 0;
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        v = v * 10 + (c - '0');
      }
      return v;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      Object current =
          path.length == 1 && path[0].equals("targetingKey")
              ? ctx.targetingKey()
              : ctx.attribute(path[0]);
      for (int i = 1; i < path.length && current != null; i++) {
        if (current instanceof FlagContext) {
          current = ((FlagContext) current).attribute(path[i]);
        } else if (current instanceof Map) {
          current = ((Map<?, ?>) current).get(path[i]);
        } else if (current instanceof List) {
          List<?> list = (List<?>) current;
          int idx = indexes[i];
          current = idx >= 0 && idx < list.size() ? list.get(idx) : null;
        } else {
          current = null;
        }
      }
      if (current == null && fallback != null) {
        return fallback.eval(ctx);
      }
      return current;
    }
  }

  static final class TimestampNode extends Node {
    @Override
    Object eval(FlagContext ctx) {
      return System.currentTimeMillis() / 1000L;
    }
  }

  static final class IfNode extends Node {
    private final Node[] parts;

    IfNode(Node[] parts) {
      this.parts = parts;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      int i = 0;
      for (; i + 1 < parts.length; i += 2) {
        if (JsValues.truthy(parts[i].eval(ctx))) {
          return parts[i + 1].eval(ctx);
        }
      }
      return i < parts.length ? parts[i].eval(ctx) : null;
    }

    @Override
    boolean isConstant() {
      return allConstant(parts);
    }
  }

  static final class EqualsNode extends Node {
    private final Node left;
    private final Node right;
    private final boolean strict;
    private final boolean negate;

    EqualsNode(Node left, Node right, boolean strict, boolean negate) {
      this.left = left;
      this.right = right;
      this.strict = strict;
      this.negate = negate;
    }

    @Override
    Object eval(FlagContext ctx) {
      Object a = left.eval(ctx);
      Object b = right.eval(ctx);
      boolean eq = strict ? JsValues.strictEquals(a, b) : JsValues.looseEquals(a, b);
      return eq != negate;
    }

    @Override
    boolean isConstant() {
      return allConstant(left, right);
    }
  }

  static final class NotNode extends Node {
    private final Node operand;
    private final boolean doubleNegation;

    NotNode(Node operand, boolean doubleNegation) {
      this.operand = operand;
      this.doubleNegation = doubleNegation;
    }

    @Override
    Object eval(FlagContext ctx) {
      return JsValues.truthy(operand.eval(ctx)) == doubleNegation;
    }

    @Override
    boolean isConstant() {
      return operand.isConstant();
    }
  }

  static final class AndOrNode extends Node {
    private final Node[] parts;
    private final boolean and;

    AndOrNode(Node[] parts, boolean and) {
      this.parts = parts;
      this.and = and;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      Object value = null;
      for (Node part : parts) {
        value = part.eval(ctx);
        if (JsValues.truthy(value) != and) {
          return value;
        }
      }
      return value;
    }

    @Override
    boolean isConstant() {
      return allConstant(parts);
    }
  }

  static final class CompareNode extends Node {
    private final Node[] parts;
    private final boolean less;
    private final boolean orEqual;

    CompareNode(Node[] parts, boolean less, boolean orEqual) {
      this.parts = parts;
      this.less = less;
      this.orEqual = orEqual;
    }

    @Override
    Object eval(FlagContext ctx) {
      Object a = parts[0].eval(ctx);
      Object b = parts[1].eval(ctx);
      if (!holds(a, b)) {
        return Boolean.FALSE;
      }
      if (parts.length == 3) {
        return holds(b, parts[2].eval(ctx));
      }
      return Boolean.TRUE;
    }

    private boolean holds(@Nullable Object a, @Nullable Object b) {
      int c = JsValues.compare(a, b);
      if (c == Integer.MIN_VALUE) {
        return false;
      }
      if (c == 0) {
        return orEqual;
      }
      return less ? c < 0 : c > 0;
    }

    @Override
    boolean isConstant() {
      return allConstant(parts);
    }
  }

  static final class InNode extends Node {
    private final Node needle;
    private final Node haystack;

    InNode(Node needle, Node haystack) {
      this.needle = needle;
      this.haystack = haystack;
    }

    @Override
    Object eval(FlagContext ctx) {
      Object n = needle.eval(ctx);
      Object h = haystack.eval(ctx);
      if (h instanceof String) {
        return n instanceof String && ((String) h).contains((String) n);
      }
      if (h instanceof List) {
        List<?> list = (List<?>) h;
        for (int i = 0; i < list.size(); i++) {
          if (JsValues.strictEquals(n, list.get(i))) {
            return Boolean.TRUE;
          }
        }
      }
      return Boolean.FALSE;
    }

    @Override
    boolean isConstant() {
      return allConstant(needle, haystack);
    }
  }

  static final class CatNode extends Node {
    final Node[] parts;

    CatNode(Node[] parts) {
      this.parts = parts;
    }

    @Override
    Object eval(FlagContext ctx) {
      StringBuilder sb = new StringBuilder();
      for (Node part : parts) {
        sb.append(JsValues.toJsString(part.eval(ctx)));
      }
      return sb.toString();
    }

    @Override
    boolean isConstant() {
      return allConstant(parts);
    }
  }

  static final class AffixNode extends Node {
    private final Node subject;
    private final Node affix;
    private final boolean prefix;

    AffixNode(Node subject, Node affix, boolean prefix) {
      this.subject = subject;
      this.affix = affix;
      this.prefix = prefix;
    }

    @Override
    Object eval(FlagContext ctx) {
      Object s = subject.eval(ctx);
      Object a = affix.eval(ctx);
      if (!(s instanceof String) || !(a instanceof String)) {
        return Boolean.FALSE;
      }
      return prefix ? ((String) s).startsWith((String) a) : ((String) s).endsWith((String) a);
    }

    @Override
    boolean isConstant() {
      return allConstant(subject, affix);
    }
  }

  static final class SemVerNode extends Node {
    private static final String[] OPERATORS = {"=", "!=", "<", "<=", ">", ">=", "^", "~"};

    private final Node subject;
    private final int op;
    private final Node target;
    private final @Nullable SemVer constantTarget;

    SemVerNode(Node subject, int op, Node target, @Nullable SemVer constantTarget) {
      this.subject = subject;
      this.op = op;
      this.target = target;
      this.constantTarget = constantTarget;
    }

    static int operatorCode(@Nullable Object op) {
      for (int i = 0; i < OPERATORS.length; i++) {
        if (OPERATORS[i].equals(op)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      Object s = subject.eval(ctx);
      SemVer v = s instanceof String ? SemVer.parse((String) s) : null;
      SemVer t = constantTarget;
      if (t == null) {
        Object raw = target.eval(ctx);
        t = raw instanceof String ? SemVer.parse((String) raw) : null;
      }
      if (v == null || t == null) {
        return null; // flagd: an invalid version makes the operator yield null
      }
      int c = v.compareTo(t);
      switch (op) {
        case 0:
          return c == 0;
        case 1:
          return c != 0;
        case 2:
          return c < 0;
        case 3:
          return c <= 0;
        case 4:
          return c > 0;
        case 5:
          return c >= 0;
        case 6:
          return v.major() == t.major();
        default:
          return v.major() == t.major() && v.minor() == t.minor();
      }
    }
  }

  static final class Bucket {
    final Node variant;
    final Node weight;

    Bucket(Node variant, Node weight) {
      this.variant = variant;
      this.weight = weight;
    }
  }

  /**
   * flagd's {@code fractional}, v2 bucketing: {@code (uint32(murmur3(key)) * totalWeight) >>> 32}.
   */
  static final class Fractional extends Node {
    private final String flagKey;
    private final @Nullable Node bucketBy;
    final Bucket[] buckets;
    private final long @Nullable [] constantWeights;
    final long constantTotal;

    Fractional(String flagKey, @Nullable Node bucketBy, Bucket[] buckets) {
      this.flagKey = flagKey;
      this.bucketBy = bucketBy;
      this.buckets = buckets;
      long[] weights = new long[buckets.length];
      long total = 0;
      boolean constant = true;
      for (int i = 0; i < buckets.length; i++) {
        if (buckets[i].weight.isConstant()) {
          weights[i] = weight(buckets[i].weight.eval(FlagContext.empty()));
          total += weights[i];
        } else {
          constant = false;
        }
      }
      this.constantWeights = constant ? weights : null;
      this.constantTotal = constant ? total : 0;
    }

    /** A bucket weight: a non-negative integral number, else -1. */
    static long weight(@Nullable Object w) {
      if (w instanceof Long || w instanceof Integer) {
        long v = ((Number) w).longValue();
        return v >= 0 ? v : -1;
      }
      if (w instanceof Double) {
        double d = (Double) w;
        return d >= 0 && d == Math.rint(d) && d <= Integer.MAX_VALUE ? (long) d : -1;
      }
      return -1;
    }

    /** The chosen bucket's index, or -1 when no bucket applies (no key, no weight). */
    int select(FlagContext ctx) {
      int hash;
      if (bucketBy == null) {
        String targetingKey = ctx.targetingKey();
        if (targetingKey == null) {
          return -1;
        }
        hash = Murmur3.hashUtf8(flagKey, targetingKey);
      } else {
        Object key = bucketBy.eval(ctx);
        if (!(key instanceof String)) {
          return -1;
        }
        hash = Murmur3.hashUtf8((String) key);
      }
      long total;
      long[] weights = constantWeights;
      if (weights != null) {
        total = constantTotal;
      } else {
        total = 0;
        for (Bucket bucket : buckets) {
          long w = weight(bucket.weight.eval(ctx));
          total += Math.max(w, 0);
        }
        if (total > Integer.MAX_VALUE) {
          return -1;
        }
      }
      if (total == 0) {
        return -1;
      }
      long point = ((hash & 0xffffffffL) * total) >>> 32;
      long cumulative = 0;
      for (int i = 0; i < buckets.length; i++) {
        long w = weights != null ? weights[i] : Math.max(weight(buckets[i].weight.eval(ctx)), 0);
        cumulative += w;
        if (point < cumulative) {
          return i;
        }
      }
      return -1;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      int idx = select(ctx);
      return idx < 0 ? null : buckets[idx].variant.eval(ctx);
    }
  }

  // ---------------------------------------------------------------- result nodes

  static final class ConstantResult extends CompiledTargeting {
    private final int result;

    ConstantResult(int result) {
      this.result = result;
    }

    @Override
    public int resolve(FlagContext ctx) {
      return result;
    }

    @Override
    public @Nullable Object rawValue(FlagContext ctx) {
      return null;
    }
  }

  static final class IfResult extends CompiledTargeting {
    private final Node[] conditions;
    private final CompiledTargeting[] branches;
    private final CompiledTargeting otherwise;

    IfResult(Node[] conditions, CompiledTargeting[] branches, CompiledTargeting otherwise) {
      this.conditions = conditions;
      this.branches = branches;
      this.otherwise = otherwise;
    }

    private CompiledTargeting branch(FlagContext ctx) {
      for (int i = 0; i < conditions.length; i++) {
        if (JsValues.truthy(conditions[i].eval(ctx))) {
          return branches[i];
        }
      }
      return otherwise;
    }

    @Override
    public int resolve(FlagContext ctx) {
      return branch(ctx).resolve(ctx);
    }

    @Override
    public @Nullable Object rawValue(FlagContext ctx) {
      return branch(ctx).rawValue(ctx);
    }
  }

  static final class ExpressionResult extends CompiledTargeting {
    private final Node expression;
    private final Map<String, Integer> variantIndex;

    ExpressionResult(Node expression, Map<String, Integer> variantIndex) {
      this.expression = expression;
      this.variantIndex = new HashMap<>(variantIndex);
    }

    @Override
    public int resolve(FlagContext ctx) {
      return lookup(expression.eval(ctx), variantIndex);
    }

    @Override
    public @Nullable Object rawValue(FlagContext ctx) {
      return expression.eval(ctx);
    }
  }

  static int lookup(@Nullable Object value, Map<String, Integer> variantIndex) {
    if (value == null) {
      return CompiledTargeting.NO_MATCH;
    }
    String name = variantName(value);
    Integer idx = name == null ? null : variantIndex.get(name);
    return idx == null ? CompiledTargeting.UNKNOWN_VARIANT : idx;
  }

  static final class FractionalResult extends CompiledTargeting {
    private final Fractional fractional;
    private final int[] constantIdx;
    private final Map<String, Integer> variantIndex;

    FractionalResult(Fractional fractional, int[] constantIdx, Map<String, Integer> variantIndex) {
      this.fractional = fractional;
      this.constantIdx = constantIdx;
      this.variantIndex = new HashMap<>(variantIndex);
    }

    @Override
    public int resolve(FlagContext ctx) {
      int bucket = fractional.select(ctx);
      if (bucket < 0) {
        return NO_MATCH;
      }
      int idx = constantIdx[bucket];
      if (idx < 0) {
        idx = lookup(fractional.buckets[bucket].variant.eval(ctx), variantIndex);
        if (idx < 0) {
          return idx;
        }
      }
      return idx | SPLIT;
    }

    @Override
    public @Nullable Object rawValue(FlagContext ctx) {
      return fractional.eval(ctx);
    }
  }
}
