package io.contextkit.w3c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_ID = "00f067aa0ba902b7";
  static final String SAMPLED = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

  @Test
  void parsesSpecExampleOfSampledRequest() {
    TraceParent parent = TraceParent.parse(SAMPLED);

    assertThat(parent).isNotNull();
    assertThat(parent.traceId()).isEqualTo(TRACE_ID);
    assertThat(parent.parentId()).isEqualTo(PARENT_ID);
    assertThat(parent.flags()).isEqualTo(1);
    assertThat(parent.flagsByte()).isEqualTo((byte) 1);
    assertThat(parent.sampled()).isTrue();
    assertThat(parent.randomTraceId()).isFalse();
    assertThat(parent.format()).isEqualTo(SAMPLED);
  }

  @Test
  void parsesSpecExampleOfUnsampledRequest() {
    TraceParent parent = TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-00");

    assertThat(parent).isNotNull();
    assertThat(parent.sampled()).isFalse();
    assertThat(parent.flags()).isZero();
  }

  @Test
  void acceptsLeadingAndTrailingSpacesAndTabs() {
    assertThat(TraceParent.parse(" \t " + SAMPLED + "\t  ")).isEqualTo(TraceParent.parse(SAMPLED));
  }

  @Test
  void rejectsAbsentAndBlankValues() {
    assertThat(TraceParent.parse((CharSequence) null)).isNull();
    assertThat(TraceParent.parse("")).isNull();
    assertThat(TraceParent.parse(" \t ")).isNull();
  }

  @Test
  void rejectsVersionFf() {
    assertThat(TraceParent.parse("ff-" + TRACE_ID + "-" + PARENT_ID + "-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-", "-what", ".what", "x", " x", "0"})
  void rejectsVersion00WithTrailingData(String trailing) {
    assertThat(TraceParent.parse(SAMPLED + trailing)).isNull();
  }

  @Test
  void continuesHigherVersionWithDashExtensionAndWritesVersion00() {
    TraceParent parent =
        TraceParent.parse("cc-" + TRACE_ID + "-" + PARENT_ID + "-01-what-the-future-will-be-like");

    assertThat(parent).isNotNull();
    assertThat(parent.traceId()).isEqualTo(TRACE_ID);
    assertThat(parent.format()).isEqualTo(SAMPLED);
  }

  @Test
  void acceptsHigherVersionWithoutExtension() {
    assertThat(TraceParent.parse("cc-" + TRACE_ID + "-" + PARENT_ID + "-01")).isNotNull();
  }

  @Test
  void rejectsHigherVersionWithExtensionNotStartingWithDash() {
    assertThat(
            TraceParent.parse(
                "cc-" + TRACE_ID + "-" + PARENT_ID + "-01.what-the-future-will-be-like"))
        .isNull();
  }

  @Test
  void rejectsHigherVersionShorterThan55Characters() {
    assertThat(TraceParent.parse("cc-" + TRACE_ID + "-" + PARENT_ID + "-0")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
      })
  void rejectsUppercaseHex(String value) {
    assertThat(TraceParent.parse(value)).isNull();
  }

  @Test
  void rejectsAllZeroTraceId() {
    assertThat(TraceParent.parse("00-00000000000000000000000000000000-" + PARENT_ID + "-01"))
        .isNull();
  }

  @Test
  void rejectsAllZeroParentId() {
    assertThat(TraceParent.parse("00-" + TRACE_ID + "-0000000000000000-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b77-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011",
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "000-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
      })
  void rejectsWrongFieldLengths(String value) {
    assertThat(TraceParent.parse(value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b.-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\u00e9",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\n",
        "00-4bf92f3577b34da6a3ce9 9d0e0e4736-00f067aa0ba902b7-01"
      })
  void rejectsIllegalCharacters(String value) {
    assertThat(TraceParent.parse(value)).isNull();
  }

  @Test
  void rejectsMoreThanOneHeader() {
    assertThat(TraceParent.parse(List.of(SAMPLED, SAMPLED).iterator())).isNull();
    assertThat(TraceParent.parse(List.of(SAMPLED).iterator())).isNotNull();
    assertThat(TraceParent.parse(Collections.emptyIterator())).isNull();
  }

  @Test
  void extractsWithCaseInsensitiveHeaderName() {
    MapCarrier carrier = new MapCarrier().add("TraceParent", SAMPLED);

    assertThat(TraceParent.extract(carrier, MapCarrier.GETTER))
        .isEqualTo(TraceParent.parse(SAMPLED));
  }

  @Test
  void ignoresWrongHeaderName() {
    MapCarrier carrier = new MapCarrier().add("trace-parent", SAMPLED);

    assertThat(TraceParent.extract(carrier, MapCarrier.GETTER)).isNull();
  }

  @Test
  void extractRestartsOnDuplicateHeaders() {
    MapCarrier carrier = new MapCarrier().add("traceparent", SAMPLED).add("TRACEPARENT", SAMPLED);

    assertThat(TraceParent.extract(carrier, MapCarrier.GETTER)).isNull();
  }

  @Test
  void preservesRandomFlagWhenContinuing() {
    TraceParent parent = TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-03");

    assertThat(parent).isNotNull();
    assertThat(parent.randomTraceId()).isTrue();
    assertThat(parent.sampled()).isTrue();
    TraceParent child = parent.child("b9c7c989f97918e1");
    assertThat(child.randomTraceId()).isTrue();
    assertThat(child.format()).isEqualTo("00-" + TRACE_ID + "-b9c7c989f97918e1-03");
  }

  @Test
  void clearsReservedFlagBits() {
    TraceParent nine = TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-09");
    TraceParent all = TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-ff");

    assertThat(nine).isNotNull();
    assertThat(nine.flags()).isEqualTo(TraceParent.FLAG_SAMPLED);
    assertThat(all).isNotNull();
    assertThat(all.flags()).isEqualTo(TraceParent.FLAG_SAMPLED | TraceParent.FLAG_RANDOM);
    assertThat(all.format()).endsWith("-03");
  }

  @Test
  void createValidatesAndNamesTheBadArgument() {
    assertThatThrownBy(() -> TraceParent.create("00000000000000000000000000000000", PARENT_ID, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traceId");
    assertThatThrownBy(() -> TraceParent.create(TRACE_ID, "00F067AA0BA902B7", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parentId");
    assertThatThrownBy(() -> TraceParent.create(TRACE_ID, PARENT_ID, 256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flags");
    assertThatThrownBy(() -> TraceParent.create(TRACE_ID, PARENT_ID, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flags");
  }

  @Test
  void createBuildsTheSameValueAsParsing() {
    assertThat(TraceParent.create(TRACE_ID, PARENT_ID, 1)).isEqualTo(TraceParent.parse(SAMPLED));
    assertThat(TraceParent.create(TRACE_ID, PARENT_ID, 1).hashCode())
        .isEqualTo(TraceParent.parse(SAMPLED).hashCode());
  }

  @Test
  void childKeepsTraceIdAndFlagsWithNewParentId() {
    TraceParent parent = TraceParent.create(TRACE_ID, PARENT_ID, 1);

    TraceParent child = parent.child();

    assertThat(child.traceId()).isEqualTo(TRACE_ID);
    assertThat(child.parentId()).isNotEqualTo(PARENT_ID).matches("[0-9a-f]{16}");
    assertThat(child.flags()).isEqualTo(1);
    assertThatThrownBy(() -> parent.child("0000000000000000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parentId");
  }

  @Test
  void childChangesSampledOnlyWithNewParentId() {
    TraceParent parent = TraceParent.create(TRACE_ID, PARENT_ID, 3);

    TraceParent unsampled = parent.child("b9c7c989f97918e1", false);

    assertThat(unsampled.sampled()).isFalse();
    assertThat(unsampled.randomTraceId()).isTrue();
    assertThat(unsampled.child("b9c7c989f97918e2", true).sampled()).isTrue();
  }

  @Test
  void newRootHasValidRandomIdsAndRandomFlag() {
    TraceParent root = TraceParent.newRoot(true);

    assertThat(Ids.isValidTraceId(root.traceId())).isTrue();
    assertThat(Ids.isValidSpanId(root.parentId())).isTrue();
    assertThat(root.randomTraceId()).isTrue();
    assertThat(root.sampled()).isTrue();
    assertThat(TraceParent.parse(root.format())).isEqualTo(root);
    assertThat(TraceParent.newRoot(false).sampled()).isFalse();
    assertThat(TraceParent.newRoot(false).traceId()).isNotEqualTo(root.traceId());
  }

  @Test
  void injectsVersion00Header() {
    MapCarrier carrier = new MapCarrier();

    TraceParent.create(TRACE_ID, PARENT_ID, 0).inject(carrier, MapCarrier.SETTER);

    assertThat(carrier.values("traceparent"))
        .containsExactly("00-" + TRACE_ID + "-" + PARENT_ID + "-00");
  }
}
