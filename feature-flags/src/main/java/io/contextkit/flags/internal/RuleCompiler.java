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
 * once, when definitions are loaded. {@code $ref}s are inlined, constant sub-trees folded and
 * variant names resolved to indexes.
 *
 * <p>Compiling never fails: a rule is judged the way flagd judges it when it evaluates it, part by
 * part. A part flagd cannot evaluate (an unknown operator, a wrong number of arguments to a
 * JsonLogic operator, a {@code $ref} to no evaluator) compiles to a node that makes the evaluation
 * answer an error when, and only when, an evaluation reaches it; a flagd operator given data it
 * cannot use ({@code sem_ver} with an operand that is not a version, {@code starts_with} with one
 * argument, a malformed {@code fractional}) yields {@code null}, as in flagd; a variant name the
 * rule yields that is not a variant makes the evaluations reaching it answer an error. Each is
 * reported in the {@link Result}, so that strict loading can refuse it and the lenient one can show
 * it.
 *
 * <p>Supported: {@code if}/{@code ?:}, {@code ==}, {@code ===}, {@code !=}, {@code !==}, {@code !},
 * {@code !!}, {@code and}, {@code or}, {@code <}, {@code <=}, {@code >}, {@code >=} (each with the
 * three-argument "between" form), {@code in}, {@code var}, {@code cat}, {@code $ref}, {@code
 * fractional}, {@code sem_ver}, {@code starts_with}, {@code ends_with}.
 */
public final class RuleCompiler {

  private static final String SUPPORTED =
      "if, ?:, ==, ===, !=, !==, !, !!, and, or, <, <=, >, >=, in, var, cat, $ref, fractional,"
          + " sem_ver, starts_with, ends_with";

  private final String flagKey;
  private final Map<String, ?> evaluators;
  private final Map<String, Integer> variantIndex;
  private final Deque<String> refStack = new ArrayDeque<>();
  private final List<String> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> evaluationErrors = new ArrayList<>();
  private final List<EvaluationError> thrown = new ArrayList<>();

  private RuleCompiler(String flagKey, Map<String, ?> evaluators, Map<String, Integer> variants) {
    this.flagKey = flagKey;
    this.evaluators = evaluators;
    this.variantIndex = variants;
  }

  /** What compiling one flag's targeting produced. */
  public static final class Result {
    private final CompiledTargeting targeting;
    private final List<String> errors;
    private final List<String> warnings;
    private final List<String> evaluationErrors;

    Result(
        CompiledTargeting targeting,
        List<String> errors,
        List<String> warnings,
        List<String> evaluationErrors) {
      this.targeting = targeting;
      this.errors = List.copyOf(errors);
      this.warnings = List.copyOf(warnings);
      this.evaluationErrors = List.copyOf(evaluationErrors);
    }

    /** The compiled rule. */
    public CompiledTargeting targeting() {
      return targeting;
    }

    /** Problems that make the evaluations reaching them answer an error, in rule order. */
    public List<String> errors() {
      return errors;
    }

    /**
     * Deviations from the flagd schema that evaluate as flagd evaluates them (to {@code null},
     * mostly), in rule order.
     */
    public List<String> warnings() {
      return warnings;
    }

    /**
     * The message of each evaluation error the rule can answer, by the index {@link
     * CompiledTargeting#evaluationErrorIndex} gives.
     */
    public List<String> evaluationErrors() {
      return evaluationErrors;
    }
  }

  /**
   * Compiles {@code targeting} (a JsonLogic rule, or a literal value) for flag {@code flagKey}.
   *
   * @param evaluators the flag set's {@code $evaluators}, by name
   * @param variantIndex variant name to index
   */
  public static Result compile(
      String flagKey,
      @Nullable Object targeting,
      Map<String, ?> evaluators,
      Map<String, Integer> variantIndex) {
    RuleCompiler compiler = new RuleCompiler(flagKey, evaluators, variantIndex);
    CompiledTargeting compiled = compiler.result(targeting, "targeting");
    if (!compiler.thrown.isEmpty()) {
      compiled = new Guarded(compiled);
    }
    return new Result(compiled, compiler.errors, compiler.warnings, compiler.evaluationErrors);
  }

  /**
   * Returns {@code targeting} with every {@code $ref} replaced by the evaluator it names,
   * recursively; used to compare definitions across reloads and to show them. A {@code $ref} that
   * cannot be resolved (no such evaluator, a cycle) is left as it is.
   */
  public static @Nullable Object inlineRefs(
      String flagKey, @Nullable Object targeting, Map<String, ?> evaluators) {
    return new RuleCompiler(flagKey, evaluators, Map.of()).inline(targeting);
  }

  private @Nullable Object inline(@Nullable Object json) {
    if (json instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) json;
      if (map.size() == 1 && map.containsKey("$ref")) {
        Object name = map.get("$ref");
        if (name instanceof String
            && evaluators.containsKey(name)
            && !refStack.contains((String) name)) {
          refStack.push((String) name);
          try {
            return inline(evaluators.get(name));
          } finally {
            refStack.pop();
          }
        }
        return json;
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

  // ---------------------------------------------------------------- problems

  /** A part flagd cannot evaluate: evaluating it answers PARSE_ERROR. */
  private Node unevaluable(String problem) {
    int index = evaluationErrors.size();
    evaluationErrors.add(problem);
    errors.add(problem + "; evaluations that reach it answer PARSE_ERROR");
    EvaluationError error = new EvaluationError(index);
    thrown.add(error);
    return new ErrorNode(error);
  }

  private void warn(String problem) {
    warnings.add(problem);
  }

  // ---------------------------------------------------------------- result position

  private CompiledTargeting result(@Nullable Object json, String where) {
    if (json == null) {
      return new ConstantResult(CompiledTargeting.NO_MATCH, null);
    }
    if (json instanceof String || json instanceof Boolean || json instanceof Number) {
      return constantResult(json, where + " yields " + describe(json));
    }
    if (json instanceof List) {
      errors.add(
          where
              + " yields an array, which names no variant; evaluations that reach it answer"
              + " GENERAL");
      return new ConstantResult(CompiledTargeting.UNKNOWN_VARIANT, json);
    }
    Map<?, ?> map = (Map<?, ?>) json;
    String op = map.size() == 1 ? String.valueOf(map.keySet().iterator().next()) : null;
    if (op == null) {
      return new ExpressionResult(node(json, where), variantIndex);
    }
    Object args = map.get(op);
    switch (op) {
      case "$ref":
        {
          String problem = refProblem(args);
          if (problem != null) {
            return new ExpressionResult(unevaluable(problem + " at " + where), variantIndex);
          }
          String name = (String) args;
          refStack.push(name);
          try {
            return result(evaluators.get(name), "$evaluators." + name);
          } finally {
            refStack.pop();
          }
        }
      case "if":
      case "?:":
        {
          List<?> list = asList(args);
          if (list.isEmpty()) {
            return new ConstantResult(CompiledTargeting.NO_MATCH, null);
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
                  : new ConstantResult(CompiledTargeting.NO_MATCH, null);
          return new IfResult(conditions, branches, otherwise);
        }
      case "fractional":
        {
          Node compiled = fractional(args, where);
          if (!(compiled instanceof Fractional)) {
            return new ExpressionResult(compiled, variantIndex);
          }
          Fractional fractional = (Fractional) compiled;
          int[] constantIdx = new int[fractional.buckets.length];
          for (int i = 0; i < constantIdx.length; i++) {
            Node v = fractional.buckets[i].variant;
            if (v.isConstant()) {
              Object value = v.eval(FlagContext.empty());
              constantIdx[i] =
                  value == null
                      ? CompiledTargeting.NO_MATCH
                      : constantIndex(
                          value, where + ".fractional bucket " + i + " names " + describe(value));
            } else {
              constantIdx[i] = FractionalResult.DYNAMIC;
            }
          }
          return new FractionalResult(fractional, constantIdx, variantIndex);
        }
      default:
        return new ExpressionResult(node(json, where), variantIndex);
    }
  }

  private CompiledTargeting constantResult(Object value, String what) {
    return new ConstantResult(constantIndex(value, what), value);
  }

  /** The variant index a constant names, or UNKNOWN_VARIANT with the problem recorded. */
  private int constantIndex(Object value, String what) {
    String name = variantName(value);
    Integer idx = name == null ? null : variantIndex.get(name);
    if (idx != null) {
      return idx;
    }
    errors.add(
        what
            + (name == null || name.equals(value) ? "" : " (read as variant \"" + name + "\")")
            + ", which is not one of the variants "
            + variants()
            + "; evaluations that reach it answer GENERAL");
    return CompiledTargeting.UNKNOWN_VARIANT;
  }

  private String variants() {
    return new ArrayList<>(variantIndex.keySet()).toString();
  }

  /**
   * The variant a targeting value names, as flagd's Java evaluator reads it: a string is the name;
   * {@code true}/{@code false} name the variants "true" and "false"; a number names the variant
   * spelt as Java spells a double ({@code 1} and {@code 1.0} name "1.0"), because JsonLogic numbers
   * are doubles there; anything else names none.
   */
  public static @Nullable String variantName(@Nullable Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? "true" : "false";
    }
    if (value instanceof Number) {
      return Double.toString(((Number) value).doubleValue());
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
    if (map.size() != 1) {
      return unevaluable(
          where
              + " is an object with "
              + map.size()
              + " keys; a rule object has exactly one key, its operator");
    }
    String op = String.valueOf(map.keySet().iterator().next());
    Object args = map.get(op);
    String at = where + "." + op;
    switch (op) {
      case "$ref":
        {
          String problem = refProblem(args);
          if (problem != null) {
            return unevaluable(problem + " at " + where);
          }
          String name = (String) args;
          refStack.push(name);
          try {
            return node(evaluators.get(name), "$evaluators." + name);
          } finally {
            refStack.pop();
          }
        }
      case "var":
        return var(args, at);
      case "if":
      case "?:":
        return fold(new IfNode(nodes(args, at)));
      case "==":
      case "===":
      case "!=":
      case "!==":
        {
          Node[] parts = nodes(args, at);
          if (parts.length != 2) {
            return arityError(at, "2", parts.length);
          }
          return fold(new EqualsNode(parts[0], parts[1], op.length() == 3, op.charAt(0) == '!'));
        }
      case "!":
      case "!!":
        // JsonLogic negates the first argument and ignores the others.
        return fold(new NotNode(nodes(args, at), op.length() == 2));
      case "and":
      case "or":
        {
          Node[] parts = nodes(args, at);
          if (parts.length == 0) {
            return arityError(at, "at least 1", 0);
          }
          return fold(new AndOrNode(parts, op.equals("and")));
        }
      case "<":
      case "<=":
      case ">":
      case ">=":
        {
          Node[] parts = nodes(args, at);
          if (parts.length < 2) {
            return arityError(at, "2 or 3", parts.length);
          }
          return fold(new CompareNode(parts, op.charAt(0) == '<', op.length() == 2));
        }
      case "in":
        {
          Node[] parts = nodes(args, at);
          // JsonLogic: a missing haystack contains nothing; arguments after the second are
          // ignored.
          Node needle = parts.length > 0 ? parts[0] : new Constant(null);
          Node haystack = parts.length > 1 ? parts[1] : new Constant(null);
          return fold(new InNode(needle, haystack));
        }
      case "cat":
        return fold(new CatNode(nodes(args, at)));
      case "starts_with":
      case "ends_with":
        {
          Node[] parts = nodes(args, at);
          if (parts.length != 2) {
            warn(
                at
                    + " takes 2 arguments, found "
                    + parts.length
                    + "; like flagd, it yields null (no match)");
            return fold(new NullNode(parts));
          }
          return fold(new AffixNode(parts[0], parts[1], op.equals("starts_with")));
        }
      case "sem_ver":
        return semVer(nodes(args, at), at);
      case "fractional":
        return fractional(args, where);
      default:
        return unevaluable(
            "unsupported operator \"" + op + "\" at " + where + " (supported: " + SUPPORTED + ")");
    }
  }

  private Node arityError(String at, String expected, int found) {
    return unevaluable(at + " takes " + expected + " arguments, found " + found);
  }

  private Node var(@Nullable Object args, String at) {
    Object path = args;
    Node fallback = null;
    if (args instanceof List) {
      List<?> list = (List<?>) args;
      path = list.isEmpty() ? null : list.get(0);
      // JsonLogic reads a path and a default; further arguments are ignored.
      if (list.size() >= 2) {
        fallback = node(list.get(1), at + "[1]");
      }
    }
    String text;
    if (path == null) {
      text = "";
    } else if (path instanceof String) {
      text = (String) path;
    } else if (path instanceof Number) {
      // JsonLogic numbers are doubles: a path 1 is the text "1.0", i.e. attribute "1", then "0".
      text = Double.toString(((Number) path).doubleValue());
    } else {
      return unevaluable(at + " needs a path string, found " + describe(path));
    }
    if (text.isEmpty()) {
      return new WholeContextNode();
    }
    String[] segments = split(text);
    if (segments[0].equals("$flagd") && segments.length == 2) {
      if (segments[1].equals("flagKey")) {
        return new Constant(flagKey);
      }
      if (segments[1].equals("timestamp")) {
        return new TimestampNode();
      }
      warn(at + " reads unknown flagd property \"" + text + "\"; like flagd, it reads null");
      return fallback == null ? new Constant(null) : fallback;
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
    if (parts.length != 3) {
      warn(at + " takes 3 arguments, found " + parts.length + "; like flagd, it yields null");
      return fold(new NullNode(parts));
    }
    int constantOp = -1;
    if (parts[1].isConstant()) {
      Object op = parts[1].eval(FlagContext.empty());
      constantOp = SemVerNode.operatorCode(op);
      if (constantOp < 0) {
        warn(
            at
                + " has unknown operator "
                + describe(op)
                + " (use =, !=, <, <=, >, >=, ^ or ~); like flagd, it yields null");
        return fold(new NullNode(parts));
      }
    }
    SemVer constantTarget = null;
    if (parts[2].isConstant()) {
      Object target = parts[2].eval(FlagContext.empty());
      constantTarget = target instanceof String ? SemVer.parse((String) target) : null;
      if (constantTarget == null) {
        warn(
            at
                + " compares with "
                + describe(target)
                + ", not a version; like flagd, it yields null (no match)");
        return fold(new NullNode(parts));
      }
    }
    return new SemVerNode(parts[0], parts[1], constantOp, parts[2], constantTarget);
  }

  /**
   * flagd's {@code fractional}: an optional bucketing value, then {@code [variant, weight]}
   * buckets. A structure flagd cannot use yields {@code null}, as there.
   */
  private Node fractional(@Nullable Object args, String where) {
    String at = where + ".fractional";
    List<?> list = asList(args);
    int first = 0;
    Node bucketBy = null;
    if (!list.isEmpty() && !(list.get(0) instanceof List)) {
      bucketBy = node(list.get(0), at + "[0]");
      first = 1;
    }
    List<Node> all = new ArrayList<>();
    if (bucketBy != null) {
      all.add(bucketBy);
    }
    String broken = list.size() - first < 1 ? "has no [variant, weight] bucket" : null;
    Bucket[] buckets = new Bucket[Math.max(0, list.size() - first)];
    for (int i = first; i < list.size(); i++) {
      String bat = at + "[" + i + "]";
      Object raw = list.get(i);
      if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
        all.add(node(raw, bat));
        if (broken == null) {
          broken = "has " + describe(raw) + " at [" + i + "] where a [variant, weight] bucket goes";
        }
        continue;
      }
      List<?> bucket = (List<?>) raw;
      Node variant = node(bucket.get(0), bat + "[0]");
      // flagd reads [variant] as weight 1 and ignores elements after the weight.
      Node weight =
          bucket.size() >= 2 && bucket.get(1) != null
              ? node(bucket.get(1), bat + "[1]")
              : new Constant(1L);
      all.add(variant);
      all.add(weight);
      if (variant.isConstant() && broken == null) {
        Object v = variant.eval(FlagContext.empty());
        if (!Fractional.isVariantValue(v)) {
          broken = "names " + describe(v) + " as the variant of bucket [" + i + "]";
        }
      }
      if (weight.isConstant() && broken == null) {
        Object w = weight.eval(FlagContext.empty());
        long value = Fractional.weight(w);
        if (value == Fractional.INVALID_WEIGHT) {
          broken = "has weight " + describe(w) + " at [" + i + "]; weights are integers";
        } else if (value < 0) {
          warn(
              at + " has negative weight " + describe(w) + " at [" + i + "]; flagd counts it as 0");
        }
      }
      buckets[i - first] = new Bucket(variant, weight);
    }
    if (broken != null) {
      warn(at + " " + broken + "; like flagd, it yields null");
      return fold(new NullNode(all.toArray(new Node[0])));
    }
    Fractional f = new Fractional(flagKey, bucketBy, buckets);
    if (f.constantTotal > Integer.MAX_VALUE) {
      warn(at + " weights sum to more than 2147483647; like flagd, it yields null");
      return fold(new NullNode(all.toArray(new Node[0])));
    }
    return f;
  }

  // ---------------------------------------------------------------- helpers

  /** Why a {@code $ref} cannot be followed, or {@code null} when it can. */
  private @Nullable String refProblem(@Nullable Object args) {
    if (!(args instanceof String)) {
      return "$ref needs an evaluator name, found " + describe(args);
    }
    String name = (String) args;
    if (refStack.contains(name)) {
      return "$ref cycle through evaluator \"" + name + "\"";
    }
    if (!evaluators.containsKey(name)) {
      return "$ref to unknown evaluator \"" + name + "\"";
    }
    Object target = evaluators.get(name);
    if (!(target instanceof Map)) {
      return "$ref to evaluator \"" + name + "\", which is not a JsonLogic object";
    }
    return null;
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

  private static Node fold(Node node) {
    return node.isConstant() ? new Constant(node.eval(FlagContext.empty())) : node;
  }

  static String describe(@Nullable Object value) {
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
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

  // ---------------------------------------------------------------- evaluation errors

  /**
   * Thrown by an {@link ErrorNode} and caught by {@link Guarded}: the evaluation reached a part of
   * the rule that cannot be evaluated. Preallocated per node and without a stack trace, so the
   * error path costs no allocation; rules without such parts never see it.
   */
  static final class EvaluationError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int index;

    EvaluationError(int index) {
      super("targeting error " + index, null, false, false);
      this.index = index;
    }
  }

  static final class ErrorNode extends Node {
    private final EvaluationError error;

    ErrorNode(EvaluationError error) {
      this.error = error;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      throw error;
    }
  }

  /** Turns an {@link EvaluationError} into the evaluation-error result. */
  static final class Guarded extends CompiledTargeting {
    private final CompiledTargeting rule;

    Guarded(CompiledTargeting rule) {
      this.rule = rule;
    }

    @Override
    public int resolve(FlagContext ctx) {
      try {
        return rule.resolve(ctx);
      } catch (EvaluationError e) {
        return evaluationError(e.index);
      }
    }

    @Override
    public @Nullable Object rawValue(FlagContext ctx) {
      try {
        return rule.rawValue(ctx);
      } catch (EvaluationError e) {
        return null;
      }
    }
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

  /**
   * Evaluates its arguments (so that an error among them surfaces, as when flagd evaluates the
   * arguments of an operator first) and yields {@code null}: a flagd operator given data it cannot
   * use.
   */
  static final class NullNode extends Node {
    private final Node[] parts;

    NullNode(Node[] parts) {
      this.parts = parts;
    }

    @Override
    @Nullable Object eval(FlagContext ctx) {
      for (Node part : parts) {
        part.eval(ctx);
      }
      return null;
    }

    @Override
    boolean isConstant() {
      return allConstant(parts);
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

  /** {@code {"var": ""}}: the whole context, which is never empty in flagd (it holds $flagd). */
  static final class WholeContextNode extends Node {
    @Override
    Object eval(FlagContext ctx) {
      return ctx;
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
    private final Node[] parts;
    private final boolean doubleNegation;

    NotNode(Node[] parts, boolean doubleNegation) {
      this.parts = parts;
      this.doubleNegation = doubleNegation;
    }

    @Override
    Object eval(FlagContext ctx) {
      Object operand = null;
      for (int i = 0; i < parts.length; i++) {
        Object v = parts[i].eval(ctx);
        if (i == 0) {
          operand = v;
        }
      }
      return JsValues.truthy(operand) == doubleNegation;
    }

    @Override
    boolean isConstant() {
      return allConstant(parts);
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

  /**
   * {@code <}, {@code <=}, {@code >}, {@code >=}; with three arguments the "between" form ({@code a
   * < b < c}); JsonLogic ignores arguments after the third.
   */
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
      if (parts.length >= 3) {
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

  /** {@code starts_with}/{@code ends_with}: {@code null} unless both arguments are strings. */
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
    @Nullable Object eval(FlagContext ctx) {
      Object s = subject.eval(ctx);
      Object a = affix.eval(ctx);
      if (!(s instanceof String) || !(a instanceof String)) {
        return null; // flagd: no string, no answer (and so the default variant)
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
    private final Node operator;
    private final int constantOp;
    private final Node target;
    private final @Nullable SemVer constantTarget;

    SemVerNode(
        Node subject, Node operator, int constantOp, Node target, @Nullable SemVer constantTarget) {
      this.subject = subject;
      this.operator = operator;
      this.constantOp = constantOp;
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
      int op = constantOp >= 0 ? constantOp : operatorCode(operator.eval(ctx));
      SemVer t = constantTarget;
      if (t == null) {
        Object raw = target.eval(ctx);
        t = raw instanceof String ? SemVer.parse((String) raw) : null;
      }
      SemVer v = s instanceof String ? SemVer.parse((String) s) : null;
      if (v == null || t == null || op < 0) {
        return null; // flagd: an invalid version or operator makes the operator yield null
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
   * As in flagd, negative weights count as 0, and a weight that is not an integer, weights summing
   * beyond 2147483647 or a total of 0 make it yield {@code null}.
   */
  static final class Fractional extends Node {
    static final long INVALID_WEIGHT = Long.MIN_VALUE;

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
          weights[i] = Math.max(weight(buckets[i].weight.eval(FlagContext.empty())), 0);
          total += weights[i];
        } else {
          constant = false;
        }
      }
      this.constantWeights = constant ? weights : null;
      this.constantTotal = constant ? total : 0;
    }

    /** A bucket weight: an integral number (possibly negative), else {@link #INVALID_WEIGHT}. */
    static long weight(@Nullable Object w) {
      if (w instanceof Long || w instanceof Integer) {
        long v = ((Number) w).longValue();
        return v > Integer.MAX_VALUE ? INVALID_WEIGHT : v;
      }
      if (w instanceof Double) {
        double d = (Double) w;
        return d == Math.rint(d) && d <= Integer.MAX_VALUE && d >= Long.MIN_VALUE + 1.0
            ? (long) d
            : INVALID_WEIGHT;
      }
      return INVALID_WEIGHT;
    }

    /** What flagd accepts as a bucket's variant: a string, boolean, number or null. */
    static boolean isVariantValue(@Nullable Object v) {
      return v == null || v instanceof String || v instanceof Boolean || v instanceof Number;
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
          if (w == INVALID_WEIGHT) {
            return -1;
          }
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
      if (idx < 0) {
        return null;
      }
      Object variant = buckets[idx].variant.eval(ctx);
      return isVariantValue(variant) ? variant : null;
    }
  }

  // ---------------------------------------------------------------- result nodes

  static final class ConstantResult extends CompiledTargeting {
    private final int result;
    private final @Nullable Object value;

    ConstantResult(int result, @Nullable Object value) {
      this.result = result;
      this.value = value;
    }

    @Override
    public int resolve(FlagContext ctx) {
      return result;
    }

    @Override
    public @Nullable Object rawValue(FlagContext ctx) {
      return value;
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
    /** Marks a bucket whose variant is an expression, looked up per evaluation. */
    static final int DYNAMIC = Integer.MIN_VALUE;

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
      if (idx == DYNAMIC) {
        Object variant = fractional.buckets[bucket].variant.eval(ctx);
        return Fractional.isVariantValue(variant) ? lookup(variant, variantIndex) : NO_MATCH;
      }
      return idx;
    }

    @Override
    public @Nullable Object rawValue(FlagContext ctx) {
      return fractional.eval(ctx);
    }
  }
}
