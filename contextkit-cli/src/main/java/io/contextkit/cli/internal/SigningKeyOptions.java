package io.contextkit.cli.internal;

import io.contextkit.trust.SigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code --key-id ID --key-file FILE} pairs into core's {@link SigningKeys}. The file holds
 * the raw key bytes (not base64): secrets stay off the command line, where {@code ps} and shell
 * history would show them. The first pair is the active (signing) key.
 */
public final class SigningKeyOptions {

  /** The option naming a key id. */
  public static final String KEY_ID = "--key-id";

  /** The option naming a key file. */
  public static final String KEY_FILE = "--key-file";

  /** Longest key file read: a key is 32 to 64 bytes; anything this long is the wrong file. */
  static final int MAX_KEY_FILE_BYTES = 4096;

  private SigningKeyOptions() {}

  /**
   * The key ring of the given pairs, or {@code null} when none is given.
   *
   * @throws UsageException when ids and files do not pair up, an id is invalid or a key is too
   *     short
   * @throws IOException when a key file cannot be read
   */
  public static @Nullable SigningKeys read(String verb, Options options, Io io)
      throws UsageException, IOException {
    List<String> ids = options.values(KEY_ID);
    List<String> files = options.values(KEY_FILE);
    if (ids.size() != files.size()) {
      throw new UsageException(
          "give "
              + KEY_ID
              + " and "
              + KEY_FILE
              + " in pairs ("
              + ids.size()
              + " key id(s), "
              + files.size()
              + " key file(s))"
              + Options.seeHelp(verb));
    }
    if (ids.isEmpty()) {
      return null;
    }
    SigningKeys.Builder keys = SigningKeys.builder().activeKeyId(ids.get(0));
    for (int i = 0; i < ids.size(); i++) {
      byte[] secret = readKeyFile(files.get(i), io);
      try {
        keys.key(ids.get(i), secret);
      } catch (IllegalArgumentException e) {
        throw new UsageException(Escape.text(String.valueOf(e.getMessage())));
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    try {
      return keys.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(Escape.text(String.valueOf(e.getMessage())));
    }
  }

  private static byte[] readKeyFile(String name, Io io) throws UsageException, IOException {
    Path path = io.resolve(name);
    byte[] secret;
    try (InputStream in = Files.newInputStream(path)) {
      secret = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IOException("key file " + Escape.quoted(name) + " does not exist", e);
    }
    if (secret.length > MAX_KEY_FILE_BYTES) {
      throw new UsageException(
          "key file "
              + Escape.quoted(name)
              + " is longer than "
              + MAX_KEY_FILE_BYTES
              + " bytes: it should hold only the raw key bytes (32 to 64)");
    }
    if (secret.length < SigningKeys.MIN_SECRET_BYTES) {
      throw new UsageException(
          "key file "
              + Escape.quoted(name)
              + " holds "
              + secret.length
              + " bytes; a signing key needs at least "
              + SigningKeys.MIN_SECRET_BYTES
              + " raw bytes (a services' base64 key decodes with: base64 -d <<< 'KEY' > "
              + Escape.text(name)
              + ")");
    }
    if (looksLikeBase64Text(secret)) {
      io.err()
          .println(
              "contextkit: warning: key file "
                  + Escape.quoted(name)
                  + " looks like base64 text; --key-file wants the raw key bytes (decode it with"
                  + " base64 -d)");
    }
    return secret;
  }

  /**
   * Whether the file is base64 text ending in a newline: what {@code echo $KEY > file} writes. Raw
   * random bytes practically never are; a raw key that happens to be ASCII has no newline.
   */
  static boolean looksLikeBase64Text(byte[] content) {
    int end = content.length;
    if (end == 0 || content[end - 1] != '\n') {
      return false;
    }
    end--;
    if (end > 0 && content[end - 1] == '\r') {
      end--;
    }
    if (end == 0 || end % 4 != 0) {
      return false;
    }
    String text = new String(content, 0, end, StandardCharsets.ISO_8859_1);
    return text.matches("[A-Za-z0-9+/_-]+={0,2}");
  }
}
