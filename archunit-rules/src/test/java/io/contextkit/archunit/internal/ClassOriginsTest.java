package io.contextkit.archunit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClassOriginsTest {

  @Test
  void readsCoordinatesFromTheMavenRepositoryLayout() {
    assertThat(
            ClassOrigins.fromRepositoryLayout(
                Path.of(
                    "/home/u/.m2/repository/org/apache/httpcomponents/client5/httpclient5/5.6.5/httpclient5-5.6.5.jar")))
        .hasValueSatisfying(
            gav ->
                assertThat(gav)
                    .containsExactly("org.apache.httpcomponents.client5", "httpclient5", "5.6.5"));
  }

  @Test
  void acceptsAClassifier() {
    assertThat(
            ClassOrigins.fromRepositoryLayout(
                Path.of(
                    "/r/repository/io/netty/netty-transport-native-epoll/4.2.0/netty-transport-native-epoll-4.2.0-linux-x86_64.jar")))
        .hasValueSatisfying(gav -> assertThat(gav[1]).isEqualTo("netty-transport-native-epoll"));
  }

  @Test
  void readsCoordinatesFromTheGradleCacheLayout() {
    assertThat(
            ClassOrigins.fromRepositoryLayout(
                Path.of(
                    "/home/u/.gradle/caches/modules-2/files-2.1/org.slf4j/slf4j-api/2.0.18/0a1b2c/slf4j-api-2.0.18.jar")))
        .hasValueSatisfying(
            gav -> assertThat(gav).containsExactly("org.slf4j", "slf4j-api", "2.0.18"));
  }

  @Test
  void givesNoCoordinatesForAJarOutsideARepository() {
    assertThat(ClassOrigins.fromRepositoryLayout(Path.of("/opt/app/lib/okhttp-4.12.0.jar")))
        .isEmpty();
    assertThat(ClassOrigins.fromRepositoryLayout(Path.of("/opt/app/lib/okhttp/4.12.0/other.jar")))
        .isEmpty();
  }

  @Test
  void knowsTheRunningJdksPackages() {
    assertThat(ClassOrigins.isJdkPackage("java.net.http")).isTrue();
    assertThat(ClassOrigins.isJdkPackage("javax.sql")).isTrue();
    assertThat(ClassOrigins.isJdkPackage("javax.persistence")).isFalse();
  }
}
