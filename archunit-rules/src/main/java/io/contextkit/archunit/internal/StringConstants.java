package io.contextkit.archunit.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The string constants each method of a class file loads with {@code ldc}/{@code ldc_w}. ArchUnit
 * does not model argument values, so this is how {@code getHeader("X-User-Id")} is told apart from
 * {@code getHeader("Accept")}. A {@code static final String} used as the argument is inlined by
 * javac and is therefore seen too; a header name held in a non-constant field or passed in as a
 * parameter is not.
 */
public final class StringConstants {

  private static final int CONSTANT_UTF8 = 1;
  private static final int CONSTANT_STRING = 8;

  private final Map<String, Set<String>> byMethod;

  private StringConstants(Map<String, Set<String>> byMethod) {
    this.byMethod = byMethod;
  }

  /** The constants loaded by the method {@code name} with JVM descriptor {@code descriptor}. */
  public Set<String> of(String name, String descriptor) {
    return byMethod.getOrDefault(name + descriptor, Set.of());
  }

  /** The constants loaded by any method, keyed by {@code name + descriptor}. */
  public Map<String, Set<String>> all() {
    return byMethod;
  }

  /**
   * Parses a class file.
   *
   * @throws IOException if the bytes are not a well-formed class file
   */
  public static StringConstants parse(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] stringIndex = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case CONSTANT_UTF8 -> utf8[i] = in.readUTF();
        case CONSTANT_STRING -> stringIndex[i] = in.readUnsignedShort();
        case 7, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.skipBytes(6);
    in.skipBytes(2 * in.readUnsignedShort());
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      in.skipBytes(6);
      skipAttributes(in);
    }
    Map<String, Set<String>> byMethod = new HashMap<>();
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.skipBytes(2);
      String key = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attributeName = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        byte[] attribute = new byte[length];
        in.readFully(attribute);
        if ("Code".equals(attributeName)) {
          Set<String> strings = ldcStrings(attribute, utf8, stringIndex);
          if (!strings.isEmpty()) {
            byMethod.put(key, strings);
          }
        }
      }
    }
    return new StringConstants(byMethod);
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }

  private static Set<String> ldcStrings(byte[] codeAttribute, String[] utf8, int[] stringIndex)
      throws IOException {
    // Code attribute: max_stack u2, max_locals u2, code_length u4, code[code_length], ...
    int codeLength = readInt(codeAttribute, 4);
    int start = 8;
    Set<String> strings = new HashSet<>();
    int pc = 0;
    while (pc < codeLength) {
      int opcode = codeAttribute[start + pc] & 0xFF;
      int index = -1;
      if (opcode == 0x12) {
        index = codeAttribute[start + pc + 1] & 0xFF;
      } else if (opcode == 0x13) {
        index = readUnsignedShort(codeAttribute, start + pc + 1);
      }
      if (index > 0 && index < stringIndex.length && stringIndex[index] != 0) {
        String value = utf8[stringIndex[index]];
        if (value != null) {
          strings.add(value);
        }
      }
      pc += instructionLength(codeAttribute, start, pc, opcode);
    }
    return strings;
  }

  private static int instructionLength(byte[] code, int start, int pc, int opcode)
      throws IOException {
    if (opcode == 0xAA || opcode == 0xAB) {
      int operands = pc + 1 + ((4 - ((pc + 1) % 4)) % 4);
      if (opcode == 0xAA) {
        int low = readInt(code, start + operands + 4);
        int high = readInt(code, start + operands + 8);
        return operands - pc + 12 + 4 * (high - low + 1);
      }
      int pairs = readInt(code, start + operands + 4);
      return operands - pc + 8 + 8 * pairs;
    }
    if (opcode == 0xC4) {
      return (code[start + pc + 1] & 0xFF) == 0x84 ? 6 : 4;
    }
    int length = LENGTHS[opcode];
    if (length == 0) {
      throw new IOException("unknown opcode " + opcode);
    }
    return length;
  }

  private static final int[] LENGTHS = lengths();

  private static int[] lengths() {
    int[] lengths = new int[256];
    for (int op = 0x00; op <= 0xCA; op++) {
      lengths[op] = 1;
    }
    lengths[0xFE] = 1;
    lengths[0xFF] = 1;
    lengths[0x10] = 2;
    lengths[0x11] = 3;
    lengths[0x12] = 2;
    lengths[0x13] = 3;
    lengths[0x14] = 3;
    for (int op = 0x15; op <= 0x19; op++) {
      lengths[op] = 2;
    }
    for (int op = 0x36; op <= 0x3A; op++) {
      lengths[op] = 2;
    }
    lengths[0x84] = 3;
    for (int op = 0x99; op <= 0xA8; op++) {
      lengths[op] = 3;
    }
    lengths[0xA9] = 2;
    lengths[0xAA] = 0;
    lengths[0xAB] = 0;
    for (int op = 0xB2; op <= 0xB8; op++) {
      lengths[op] = 3;
    }
    lengths[0xB9] = 5;
    lengths[0xBA] = 5;
    lengths[0xBB] = 3;
    lengths[0xBC] = 2;
    lengths[0xBD] = 3;
    lengths[0xC0] = 3;
    lengths[0xC1] = 3;
    lengths[0xC5] = 4;
    lengths[0xC6] = 3;
    lengths[0xC7] = 3;
    lengths[0xC8] = 5;
    lengths[0xC9] = 5;
    return lengths;
  }

  private static int readUnsignedShort(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }

  private static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 24)
        | ((bytes[offset + 1] & 0xFF) << 16)
        | ((bytes[offset + 2] & 0xFF) << 8)
        | (bytes[offset + 3] & 0xFF);
  }
}
