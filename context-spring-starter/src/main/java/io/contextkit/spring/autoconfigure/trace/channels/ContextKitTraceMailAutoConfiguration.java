package io.contextkit.spring.autoconfigure.trace.channels;

import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceMailSenderPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.MailSender;

/**
 * TRACE guard of mail: every {@code MailSender} / {@code JavaMailSender} bean is guarded (static
 * post-processor, never {@code @Primary}, never twice; the guarded bean implements {@code
 * io.contextkit.noop.TraceGuarded}). Under a TRACE request, {@code send} builds each message as for
 * real (preparators run, addresses are parsed, the message is written out) and captures it instead
 * of sending it; each captured mail is reported as a {@code MAIL} side effect whose target is the
 * recipients' domains (never their addresses). STANDARD requests send for real.
 *
 * <p>Off with {@code contextkit.trace.mail.enabled=false}: mail senders are then left unguarded.
 */
@AutoConfiguration
@ConditionalOnClass({MailSender.class, jakarta.mail.internet.MimeMessage.class})
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.trace.mail.enabled", matchIfMissing = true)
public final class ContextKitTraceMailAutoConfiguration {

  // Static: a post-processor from an instance method would force this configuration early.
  @Bean
  @ConditionalOnMissingBean
  static TraceMailSenderPostProcessor contextKitTraceMailSenderPostProcessor() {
    return new TraceMailSenderPostProcessor();
  }
}
