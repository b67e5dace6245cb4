package io.celeryapi.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Package-private minimal RESP2 client: one command per fresh socket (plain or TLS, optionally
 * preceded by {@code AUTH}), one reply read.
 *
 * <p>Replies are decoded to {@link String} (simple and bulk strings), {@link Long} (integers),
 * {@link Error} (error replies), {@link List} (arrays) or {@code null} (nil bulk string / array).
 */
final class Resp {

  /** An error reply ({@code -ERR ...}). */
  record Error(String message) {}

  private Resp() {}

  /**
   * Where and how to reach a server.
   *
   * @param host the host
   * @param port the TCP port
   * @param tls the factory of TLS sockets, {@code null} for plain TCP
   * @param auth the arguments of an {@code AUTH} command sent first, empty for none
   */
  record Target(String host, int port, @Nullable SSLSocketFactory tls, List<String> auth) {

    Target {
      auth = List.copyOf(auth);
    }

    /** A plain TCP target without authentication. */
    static Target plain(String host, int port) {
      return new Target(host, port, null, List.of());
    }
  }

  static @Nullable Object execute(String host, int port, int timeoutMillis, String... args) {
    return execute(Target.plain(host, port), timeoutMillis, args);
  }

  /**
   * Sends one command (after {@code AUTH} when the target has credentials) over a fresh
   * connection and reads its reply; a failed {@code AUTH} is returned as the reply.
   */
  static @Nullable Object execute(Target target, int timeoutMillis, String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("a Redis command needs at least one argument");
    }
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      plain.setTcpNoDelay(true);
      Socket socket = plain;
      SSLSocketFactory tls = target.tls();
      if (tls != null) {
        SSLSocket secure = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
        secure.setSoTimeout(timeoutMillis);
        secure.startHandshake();
        socket = secure;
      }
      try {
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        boolean auth = !target.auth().isEmpty();
        if (auth) {
          List<String> command = new ArrayList<>();
          command.add("AUTH");
          command.addAll(target.auth());
          out.write(encode(command.toArray(String[]::new)));
        }
        out.write(encode(args));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        if (auth) {
          Object reply = read(in);
          if (reply instanceof Error) {
            return reply;
          }
        }
        return read(in);
      } finally {
        if (socket != plain) {
          socket.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Redis command "
              + args[0]
              + " to "
              + (target.tls() != null ? "TLS " : "")
              + target.host()
              + ":"
              + target.port()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  static byte[] encode(String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    writeAscii(buffer, "*" + args.length + "\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      writeAscii(buffer, "$" + bytes.length + "\r\n");
      buffer.writeBytes(bytes);
      writeAscii(buffer, "\r\n");
    }
    return buffer.toByteArray();
  }

  static @Nullable Object read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed before a reply was read");
    }
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        return new Error(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length);
          if (data.length != length) {
            throw new EOFException("bulk string truncated: " + data.length + " of " + length);
          }
          expectCrLf(in);
          return new String(data, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<@Nullable Object> elements = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            elements.add(read(in));
          }
          return Collections.unmodifiableList(elements);
        }
      default:
        throw new IOException(
            "unexpected RESP type byte '" + (char) type + "' (line: " + line + ")");
    }
  }

  /** Renders a decoded reply as text, as documented on {@link RedisServer#command(String...)}. */
  static @Nullable String render(@Nullable Object reply) {
    if (reply == null) {
      return null;
    }
    if (reply instanceof Error error) {
      return "-" + error.message();
    }
    if (reply instanceof List<?> list) {
      List<String> flat = new ArrayList<>();
      flatten(list, flat);
      return String.join("\n", flat);
    }
    return reply.toString();
  }

  private static void flatten(List<?> list, List<String> into) {
    for (Object element : list) {
      if (element instanceof List<?> nested) {
        flatten(nested, into);
      } else {
        String text = render(element);
        into.add(text == null ? "" : text);
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed in the middle of a reply");
      }
      if (b == '\r') {
        int next = in.read();
        if (next == '\n') {
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
        if (next < 0) {
          throw new EOFException("connection closed in the middle of a reply");
        }
        line.write(next);
      } else {
        line.write(b);
      }
    }
  }

  private static void expectCrLf(InputStream in) throws IOException {
    int cr = in.read();
    int lf = in.read();
    if (cr != '\r' || lf != '\n') {
      throw new IOException("bulk string not terminated by CRLF");
    }
  }

  private static void writeAscii(ByteArrayOutputStream buffer, String text) {
    buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
