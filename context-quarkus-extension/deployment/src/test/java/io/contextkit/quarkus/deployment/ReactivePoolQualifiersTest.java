package io.contextkit.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.junit.jupiter.api.Test;

/**
 * Which pool beans the build takes for a reactive datasource's (and stands in for with the TRACE
 * guard): Quarkus' qualifiers for the default and for named datasources, nothing else.
 */
class ReactivePoolQualifiersTest {

  private static AnnotationInstance qualifier(String name, String value) {
    DotName type = DotName.createSimple(name);
    return value == null
        ? AnnotationInstance.create(type, null, List.of())
        : AnnotationInstance.create(
            type, null, List.of(AnnotationValue.createStringValue("value", value)));
  }

  @Test
  void defaultDataSourceIsTheDefaultQualifierOrNone() {
    assertThat(
            ContextKitReactiveProcessor.dataSourceOf(
                List.of(qualifier("jakarta.enterprise.inject.Default", null))))
        .isEqualTo("<default>");
    assertThat(ContextKitReactiveProcessor.dataSourceOf(List.of())).isEqualTo("<default>");
  }

  @Test
  void namedDataSourceIsTheReactiveDataSourceQualifier() {
    assertThat(
            ContextKitReactiveProcessor.dataSourceOf(
                List.of(
                    qualifier("jakarta.inject.Named", "orders"),
                    qualifier("io.quarkus.reactive.datasource.ReactiveDataSource", "orders"),
                    qualifier("jakarta.enterprise.inject.Any", null))))
        .isEqualTo("orders");
  }

  @Test
  void otherQualifiersAreNoReactiveDataSource() {
    assertThat(
            ContextKitReactiveProcessor.dataSourceOf(
                List.of(qualifier("jakarta.inject.Named", "hand-made"))))
        .isNull();
    assertThat(
            ContextKitReactiveProcessor.dataSourceOf(
                List.of(
                    qualifier("jakarta.inject.Named", "a"),
                    qualifier("io.quarkus.reactive.datasource.ReactiveDataSource", "b"))))
        .isNull();
    assertThat(
            ContextKitReactiveProcessor.dataSourceOf(
                List.of(qualifier("com.example.Primary", null))))
        .isNull();
  }
}
