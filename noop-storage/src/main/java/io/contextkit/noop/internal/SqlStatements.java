package io.contextkit.noop.internal;

import org.jspecify.annotations.Nullable;

/**
 * Classifies SQL text by the leading keyword of each statement it holds, for the JDBC guard: which
 * statements write (reported), which would commit implicitly (rejected under TRACE).
 *
 * <p>A single linear scan with no regex and no exceptions: comments ({@code --}, nested {@code /*
 * *}{@code /}), quoted literals and identifiers ({@code '…'}, {@code E'…'}, {@code "…"}, {@code
 * `…`}, PostgreSQL dollar quotes) and statement separators ({@code ;}) are understood, so a {@code
 * COMMIT} hidden after a semicolon is found while one inside a string literal is not.
 */
public final class SqlStatements {

  /** What a piece of SQL does, the most severe of its statements. */
  public enum Kind {
    /** Only reads ({@code SELECT}, {@code VALUES}, {@code SHOW}, {@code EXPLAIN}...). */
    READ,
    /** Session or transaction control that neither writes nor commits ({@code SET}...). */
    OTHER,
    /** Writes data inside the current transaction ({@code INSERT}, {@code UPDATE}...). */
    WRITE,
    /**
     * Commits implicitly or cannot be rolled back on some database: DDL, {@code COMMIT}, {@code
     * BEGIN}...
     */
    IMPLICIT_COMMIT
  }

  /**
   * The classification of one SQL text.
   *
   * @param kind the most severe kind among its statements
   * @param verb the leading keyword(s) of the statement that decided the kind, upper case, e.g.
   *     {@code INSERT} or {@code CREATE TABLE}; empty when none was found
   * @param table the table a write targets, when cheaply known ({@code INSERT INTO t}, {@code
   *     UPDATE t}, {@code DELETE FROM t}, {@code MERGE INTO t}), else {@code null}
   */
  public record Classified(Kind kind, String verb, @Nullable String table) {

    /** The report target of a write: its table, else its verb. */
    public String target() {
      return table != null ? table : verb;
    }

    /** A short description such as {@code INSERT orders}. */
    public String summary() {
      return table != null ? verb + " " + table : verb;
    }
  }

  private static final Classified EMPTY = new Classified(Kind.OTHER, "", null);

  private SqlStatements() {}

  /** Classifies {@code sql}; {@code null} or blank text is {@link Kind#OTHER}. */
  public static Classified classify(@Nullable String sql) {
    if (sql == null) {
      return EMPTY;
    }
    Classified worst = null;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      int start = skipTrivia(sql, i);
      if (start >= n) {
        break;
      }
      int end = statementEnd(sql, start);
      Classified c = classifyOne(sql, start, end);
      if (worst == null || c.kind().ordinal() > worst.kind().ordinal()) {
        worst = c;
      }
      i = end + 1;
    }
    return worst == null ? EMPTY : worst;
  }

  private static Classified classifyOne(String sql, int start, int end) {
    int wordEnd = wordEnd(sql, start, end);
    if (wordEnd == start) {
      return EMPTY;
    }
    String verb = upper(sql, start, wordEnd);
    int next = skipTrivia(sql, wordEnd);
    switch (verb) {
      case "SELECT":
      case "VALUES":
      case "SHOW":
      case "EXPLAIN":
      case "TABLE":
      case "DESCRIBE":
      case "DESC":
      case "FETCH":
        return new Classified(Kind.READ, verb, null);
      case "INSERT":
      case "REPLACE":
      case "UPSERT":
        return write(verb, sql, next, end, "INTO", "IGNORE");
      case "UPDATE":
        return write(verb, sql, next, end, "ONLY", null);
      case "DELETE":
        return write(verb, sql, next, end, "FROM", "ONLY");
      case "MERGE":
        return write(verb, sql, next, end, "INTO", null);
      case "CALL":
      case "EXEC":
      case "EXECUTE":
      case "COPY":
      case "LOAD":
      case "DO":
        return write(verb, sql, next, end, null, null);
      case "WITH":
        return withStatement(sql, next, end);
      case "CREATE":
      case "ALTER":
      case "DROP":
      case "TRUNCATE":
      case "RENAME":
      case "GRANT":
      case "REVOKE":
      case "COMMENT":
      case "FLUSH":
      case "OPTIMIZE":
      case "REPAIR":
      case "VACUUM":
        return new Classified(Kind.IMPLICIT_COMMIT, verb + secondWord(sql, next, end), null);
      case "COMMIT":
      case "END":
      case "BEGIN":
      case "START":
      case "XA":
      case "UNLOCK":
        return new Classified(Kind.IMPLICIT_COMMIT, verb, null);
      case "SET":
        return isWord(sql, next, end, "AUTOCOMMIT")
            ? new Classified(Kind.IMPLICIT_COMMIT, "SET AUTOCOMMIT", null)
            : new Classified(Kind.OTHER, verb, null);
      case "PREPARE":
        return isWord(sql, next, end, "TRANSACTION")
            ? new Classified(Kind.IMPLICIT_COMMIT, "PREPARE TRANSACTION", null)
            : new Classified(Kind.OTHER, verb, null);
      case "LOCK":
        return isWord(sql, next, end, "TABLES")
            ? new Classified(Kind.IMPLICIT_COMMIT, "LOCK TABLES", null)
            : new Classified(Kind.OTHER, verb, null);
      default:
        return new Classified(Kind.OTHER, verb, null);
    }
  }

  /**
   * A {@code WITH} statement writes when a data-modifying verb appears anywhere in it outside
   * literals (PostgreSQL allows {@code INSERT/UPDATE/DELETE} inside the CTE list, others after it).
   */
  private static Classified withStatement(String sql, int from, int end) {
    int i = from;
    while (i < end) {
      i = skipTrivia(sql, i);
      if (i >= end) {
        break;
      }
      char c = sql.charAt(i);
      if (isWordStart(c)) {
        int we = wordEnd(sql, i, end);
        String word = upper(sql, i, we);
        switch (word) {
          case "INSERT":
            return write(word, sql, skipTrivia(sql, we), end, "INTO", null);
          case "UPDATE":
            return write(word, sql, skipTrivia(sql, we), end, "ONLY", null);
          case "DELETE":
            return write(word, sql, skipTrivia(sql, we), end, "FROM", "ONLY");
          case "MERGE":
            return write(word, sql, skipTrivia(sql, we), end, "INTO", null);
          default:
            break;
        }
        i = we;
      } else {
        i = skipToken(sql, i, end);
      }
    }
    return new Classified(Kind.READ, "WITH", null);
  }

  private static Classified write(
      String verb,
      String sql,
      int from,
      int end,
      @Nullable String optional1,
      @Nullable String optional2) {
    int i = from;
    for (int k = 0; k < 2; k++) {
      if ((optional1 != null && isWord(sql, i, end, optional1))
          || (optional2 != null && isWord(sql, i, end, optional2))) {
        i = skipTrivia(sql, wordEnd(sql, i, end));
      }
    }
    return new Classified(Kind.WRITE, verb, identifier(sql, i, end));
  }

  /** A possibly qualified, possibly quoted identifier starting at {@code i}, or null. */
  private static @Nullable String identifier(String sql, int i, int end) {
    StringBuilder sb = null;
    int p = i;
    while (p < end) {
      char c = sql.charAt(p);
      int partEnd;
      if (c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int q = sql.indexOf(close, p + 1);
        if (q < 0 || q >= end) {
          return null;
        }
        partEnd = q + 1;
      } else if (isWordStart(c)) {
        partEnd = wordEnd(sql, p, end);
      } else {
        break;
      }
      if (sb == null) {
        sb = new StringBuilder(partEnd - p + 8);
      }
      sb.append(sql, p, partEnd);
      p = partEnd;
      if (p < end && sql.charAt(p) == '.') {
        sb.append('.');
        p++;
      } else {
        break;
      }
    }
    return sb == null ? null : sb.toString();
  }

  private static String secondWord(String sql, int next, int end) {
    if (next < end && isWordStart(sql.charAt(next))) {
      return " " + upper(sql, next, wordEnd(sql, next, end));
    }
    return "";
  }

  private static boolean isWord(String sql, int i, int end, String word) {
    int we = wordEnd(sql, i, end);
    return we - i == word.length() && sql.regionMatches(true, i, word, 0, word.length());
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || (c >= '0' && c <= '9') || c == '$';
  }

  private static int wordEnd(String sql, int i, int end) {
    if (i >= end || !isWordStart(sql.charAt(i))) {
      return i;
    }
    int p = i + 1;
    while (p < end && isWordPart(sql.charAt(p))) {
      p++;
    }
    return p;
  }

  private static String upper(String sql, int from, int to) {
    char[] out = new char[to - from];
    for (int k = from; k < to; k++) {
      char c = sql.charAt(k);
      out[k - from] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }
    return new String(out);
  }

  /** Skips whitespace, comments and opening parentheses. */
  static int skipTrivia(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '(' || c == '{'
          || c == '?' || c == '=') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i + 2);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = blockCommentEnd(sql, i);
      } else {
        break;
      }
    }
    return i;
  }

  private static int blockCommentEnd(String sql, int i) {
    int n = sql.length();
    int depth = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /** The index of the {@code ;} ending the statement that starts at {@code i}, or the length. */
  private static int statementEnd(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == ';') {
        return i;
      }
      i = skipToken(sql, i, n);
    }
    return n;
  }

  /** Skips one literal, quoted identifier, comment or character starting at {@code i}. */
  private static int skipToken(String sql, int i, int end) {
    char c = sql.charAt(i);
    if (c == '\'') {
      boolean backslashEscapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
      return quotedEnd(sql, i, end, '\'', backslashEscapes);
    }
    if (c == '"' || c == '`') {
      return quotedEnd(sql, i, end, c, false);
    }
    if (c == '-' && i + 1 < end && sql.charAt(i + 1) == '-') {
      int nl = sql.indexOf('\n', i + 2);
      return nl < 0 || nl >= end ? end : nl + 1;
    }
    if (c == '/' && i + 1 < end && sql.charAt(i + 1) == '*') {
      return Math.min(blockCommentEnd(sql, i), end);
    }
    if (c == '$') {
      int tagEnd = i + 1;
      while (tagEnd < end && isWordPart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '$') {
        tagEnd++;
      }
      if (tagEnd < end && sql.charAt(tagEnd) == '$') {
        String tag = sql.substring(i, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        return close < 0 || close >= end ? end : close + tag.length();
      }
    }
    return i + 1;
  }

  private static int quotedEnd(String sql, int i, int end, char quote, boolean backslashEscapes) {
    int p = i + 1;
    while (p < end) {
      char c = sql.charAt(p);
      if (backslashEscapes && c == '\\') {
        p += 2;
      } else if (c == quote) {
        if (p + 1 < end && sql.charAt(p + 1) == quote) {
          p += 2;
        } else {
          return p + 1;
        }
      } else {
        p++;
      }
    }
    return end;
  }
}
