package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.noop.CapturedMail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMailMessage;
import org.springframework.mail.javamail.MimeMessagePreparator;

/**
 * The TRACE guard of a {@link MailSender}: under a TRACE request every {@code send} overload builds
 * its messages as the real send would (a {@link MimeMessagePreparator} runs, a {@link
 * SimpleMailMessage} is copied into a {@code MimeMessage}, every message is saved and written out,
 * so that a bad address or a failing attachment fails the same way), then captures them instead of
 * connecting to the mail server: each is reported as a {@code MAIL} side effect naming the
 * recipients' domains ({@link CapturedMail}). STANDARD requests send for real. Every other method
 * is the sender's own.
 *
 * <p>Every send is counted in the runtime dependency map ({@code MAIL}, called, named after the
 * sender's {@code host[:port]}): STANDARD ones timed, a failure as an error; a captured TRACE one
 * as a synthetic call (a TRACE send that fails as the real one would, as a TRACE error without
 * latency).
 *
 * <p>A {@code MailSender} that is not a {@code JavaMailSender} cannot build a message: its simple
 * messages are captured as they are (size unknown).
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceMailInterceptor implements MethodInterceptor {

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Object[] args = invocation.getArguments();
    if (!invocation.getMethod().getName().equals("send") || args.length != 1) {
      return invocation.proceed();
    }
    RequestContext context = RequestContext.current();
    DependencyEdge edge =
        ContextKit.dependencies()
            .edge(DependencyKind.MAIL, DependencyDirection.CALLED, server(invocation.getThis()));
    if (!context.isTrace()) {
      long start = System.nanoTime();
      boolean failed = true;
      try {
        Object sent = invocation.proceed();
        failed = false;
        return sent;
      } finally {
        edge.record(System.nanoTime() - start, failed, false);
      }
    }
    try {
      Object captured = captureTrace(invocation, context, args);
      edge.recordSynthetic();
      return captured;
    } catch (RuntimeException | Error e) {
      // Failed as the real send would have (a bad address): an error, though nothing was sent.
      edge.record(-1, true, true);
      throw e;
    }
  }

  /**
   * The mail server a sender talks to, the name of its edge in the runtime dependency map: {@code
   * host[:port]} of a {@link JavaMailSenderImpl}, else {@code mail}.
   */
  static String server(@Nullable Object sender) {
    if (sender instanceof JavaMailSenderImpl impl) {
      String host = impl.getHost();
      String name = host == null || host.isEmpty() ? "localhost" : host;
      return impl.getPort() > 0 ? name + ":" + impl.getPort() : name;
    }
    return "mail";
  }

  private @Nullable Object captureTrace(
      MethodInvocation invocation, RequestContext context, Object[] args) {
    Object target = invocation.getThis();
    Object arg = args[0];
    List<Object> originals = new ArrayList<>();
    List<MimeMessage> messages = new ArrayList<>();
    if (target instanceof JavaMailSender sender) {
      build(sender, arg, originals, messages);
    } else if (target instanceof MailSender && arg instanceof SimpleMailMessage simple) {
      captureSimple(context, simple);
      return null;
    } else if (target instanceof MailSender && arg instanceof SimpleMailMessage[] simple) {
      for (SimpleMailMessage message : simple) {
        captureSimple(context, message);
      }
      return null;
    } else {
      throw unguarded(arg);
    }
    capture(context, originals, messages);
    return null;
  }

  private static IllegalStateException unguarded(@Nullable Object arg) {
    return new IllegalStateException(
        "TRACE request: this send overload ("
            + (arg == null ? "null" : arg.getClass().getName())
            + ") has no TRACE guard, so nothing is sent");
  }

  /** The messages the real send would transmit, built as it builds them. */
  private static void build(
      JavaMailSender sender, @Nullable Object arg, List<Object> originals, List<MimeMessage> out) {
    if (arg instanceof SimpleMailMessage simple) {
      addSimple(sender, simple, originals, out);
    } else if (arg instanceof SimpleMailMessage[] simple) {
      for (SimpleMailMessage message : simple) {
        addSimple(sender, message, originals, out);
      }
    } else if (arg instanceof MimeMessage mime) {
      originals.add(mime);
      out.add(mime);
    } else if (arg instanceof MimeMessage[] mime) {
      for (MimeMessage message : mime) {
        originals.add(message);
        out.add(message);
      }
    } else if (arg instanceof MimeMessagePreparator preparator) {
      addPrepared(sender, preparator, originals, out);
    } else if (arg instanceof MimeMessagePreparator[] preparators) {
      for (MimeMessagePreparator preparator : preparators) {
        addPrepared(sender, preparator, originals, out);
      }
    } else {
      throw unguarded(arg);
    }
  }

  private static void addSimple(
      JavaMailSender sender,
      SimpleMailMessage simple,
      List<Object> originals,
      List<MimeMessage> out) {
    MimeMailMessage message = new MimeMailMessage(sender.createMimeMessage());
    simple.copyTo(message); // throws MailParseException for a bad address, as for real
    originals.add(simple);
    out.add(message.getMimeMessage());
  }

  private static void addPrepared(
      JavaMailSender sender,
      MimeMessagePreparator preparator,
      List<Object> originals,
      List<MimeMessage> out) {
    MimeMessage message = sender.createMimeMessage();
    try {
      preparator.prepare(message);
    } catch (MailException e) {
      throw e;
    } catch (MessagingException e) {
      throw new MailParseException(e);
    } catch (Exception e) {
      throw new MailPreparationException(e);
    }
    originals.add(preparator);
    out.add(message);
  }

  /**
   * Finishes each message as the transport would (sent date, saved headers, recipients, written
   * out) and reports the ones that would have been sent; the others fail together in one {@link
   * MailSendException}, as a real send reports them.
   */
  private static void capture(
      RequestContext context, List<Object> originals, List<MimeMessage> messages) {
    Map<Object, Exception> failed = new LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      MimeMessage message = messages.get(i);
      try {
        if (message.getSentDate() == null) {
          message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
          message.setHeader("Message-ID", messageId);
        }
        Address[] recipients = message.getAllRecipients();
        if (recipients == null || recipients.length == 0) {
          throw new MessagingException("No recipient addresses");
        }
        CountingStream size = new CountingStream();
        message.writeTo(size);
        List<String> addresses = new ArrayList<>(recipients.length);
        for (Address address : recipients) {
          addresses.add(address.toString());
        }
        CapturedMail.of(addresses, size.count).report(context);
      } catch (MessagingException | IOException | RuntimeException e) {
        failed.put(originals.get(i), e);
      }
    }
    if (!failed.isEmpty()) {
      throw new MailSendException(failed);
    }
  }

  private static void captureSimple(RequestContext context, SimpleMailMessage message) {
    List<String> addresses = new ArrayList<>();
    addAll(addresses, message.getTo());
    addAll(addresses, message.getCc());
    addAll(addresses, message.getBcc());
    if (addresses.isEmpty()) {
      throw new MailSendException("No recipient addresses");
    }
    CapturedMail.of(addresses, -1).report(context);
  }

  private static void addAll(List<String> out, String @Nullable [] addresses) {
    if (addresses != null) {
      for (String address : addresses) {
        out.add(address);
      }
    }
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
