package io.contextkit.noop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.internal.SqlStatements.Classified;
import io.contextkit.noop.internal.SqlStatements.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStatementsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "INSERT INTO orders VALUES (1) | INSERT | orders",
        "insert into public.orders(id) values (1) | INSERT | public.orders",
        "UPDATE ONLY \"Order\" SET a = 1 | UPDATE | \"Order\"",
        "delete from `items` where id = 2 | DELETE | `items`",
        "MERGE INTO stock s USING x ON (1=1) WHEN MATCHED THEN DELETE | MERGE | stock",
        "/* hint */ /* more */  INSERT IGNORE INTO t VALUES (1) | INSERT | t",
        "{call refresh_totals(?)} | CALL | refresh_totals",
        "{? = call f(?)} | CALL | f",
        "WITH gone AS (DELETE FROM old RETURNING *) SELECT * FROM gone | DELETE | old",
        "(insert into t values (1)) | INSERT | t",
      })
  void reportsWritesWithTheirTable(String sql, String verb, String table) {
    Classified c = SqlStatements.classify(sql);
    assertThat(c.kind()).isEqualTo(Kind.WRITE);
    assertThat(c.verb()).isEqualTo(verb);
    assertThat(c.table()).isEqualTo(table);
    assertThat(c.summary()).isEqualTo(verb + " " + table);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TABLE t (id INT)",
        "  alter table t add column x int",
        "/* nested /* comment */ still */ DROP TABLE t",
        "TRUNCATE t",
        "commit",
        "COMMIT PREPARED 'x'",
        "END",
        "BEGIN",
        "START TRANSACTION",
        "SET autocommit = 1",
        "LOCK TABLES t WRITE",
        "PREPARE TRANSACTION 'x'",
        "GRANT SELECT ON t TO u",
        "INSERT INTO t VALUES (1); COMMIT",
        "SELECT 1;\n-- c\ncreate index i on t(x)",
      })
  void findsImplicitCommitsAnywhereOutsideLiterals(String sql) {
    assertThat(SqlStatements.classify(sql).kind()).isEqualTo(Kind.IMPLICIT_COMMIT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 'COMMIT; DROP TABLE t' FROM dual",
        "SELECT \"drop\" FROM t",
        "SELECT 1 -- ; COMMIT",
        "SELECT 1 /* ; COMMIT */",
        "SELECT $$; COMMIT$$",
        "SELECT $tag$ ; drop table t $tag$",
        "SELECT E'it\\'s; commit'",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "VALUES (1)",
        "  ",
      })
  void neverMistakesLiteralsOrCommentsForStatements(String sql) {
    assertThat(SqlStatements.classify(sql).kind()).isIn(Kind.READ, Kind.OTHER);
  }

  @Test
  void leavesSessionControlAlone() {
    assertThat(SqlStatements.classify("SET search_path = x").kind()).isEqualTo(Kind.OTHER);
    assertThat(SqlStatements.classify("SAVEPOINT a").kind()).isEqualTo(Kind.OTHER);
    assertThat(SqlStatements.classify("LOCK TABLE t IN SHARE MODE").kind()).isEqualTo(Kind.OTHER);
    assertThat(SqlStatements.classify(null).kind()).isEqualTo(Kind.OTHER);
  }

  @Test
  void namesTheRejectedVerbWithItsObjectKind() {
    assertThat(SqlStatements.classify("create table t (id int)").verb()).isEqualTo("CREATE TABLE");
    assertThat(SqlStatements.classify("select 1; drop index i").verb()).isEqualTo("DROP INDEX");
  }

  @Test
  void unterminatedLiteralsAndCommentsDoNotThrow() {
    assertThat(SqlStatements.classify("SELECT 'open").kind()).isEqualTo(Kind.READ);
    assertThat(SqlStatements.classify("/* open").kind()).isEqualTo(Kind.OTHER);
    assertThat(SqlStatements.classify("INSERT INTO \"open").table()).isNull();
    assertThat(SqlStatements.classify("SELECT $x$ open").kind()).isEqualTo(Kind.READ);
  }
}
