package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceMailSenderPostProcessor;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailSendException;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class ContextKitTraceMailAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextKitTraceMailAutoConfiguration.class));

  /** A sender pointed at a port where nothing listens: a real send fails to connect. */
  @Configuration(proxyBeanMethods = false)
  static class Sender {
    @Bean
    JavaMailSenderImpl mailSender() throws Exception {
      JavaMailSenderImpl sender = new JavaMailSenderImpl();
      sender.setHost("127.0.0.1");
      try (ServerSocket free = new ServerSocket(0)) {
        sender.setPort(free.getLocalPort());
      }
      return sender;
    }
  }

  private static SimpleMailMessage message() {
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom("shop@example.com");
    message.setTo("ann@customers.test", "Bob <bob@Other.Test>");
    message.setSubject("hi");
    message.setText("hello");
    return message;
  }

  @Test
  void guardsMailSendersKeepingTheirClass() {
    contextRunner
        .withUserConfiguration(Sender.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceMailSenderPostProcessor.class);
              JavaMailSender sender = context.getBean(JavaMailSender.class);
              assertThat(sender).isInstanceOf(TraceGuarded.class);
              // Boot's mail health indicator looks the sender up by its class.
              assertThat(context.getBean(JavaMailSenderImpl.class).getHost())
                  .isEqualTo("127.0.0.1");

              assertThatThrownBy(() -> sender.send(message()))
                  .as("STANDARD sends for real (and nothing listens)")
                  .isInstanceOf(MailSendException.class);

              RequestContext trace =
                  RequestContext.builder().requestType(RequestType.TRACE).build();
              try (var scope = trace.makeCurrent()) {
                sender.send(message());
              }
              assertThat(trace.sideEffects().report().effects())
                  .singleElement()
                  .satisfies(
                      effect -> {
                        assertThat(effect.kind()).isEqualTo(SideEffect.Kind.MAIL);
                        assertThat(effect.target()).isEqualTo("customers.test,other.test");
                        assertThat(effect.summary()).startsWith("mail to 2 recipients, ");
                      });
            });
  }

  @Test
  void neverGuardsTwice() {
    contextRunner
        .withUserConfiguration(Sender.class)
        .run(
            context -> {
              Object guarded = context.getBean(JavaMailSender.class);
              assertThat(
                      new TraceMailSenderPostProcessor()
                          .postProcessAfterInitialization(guarded, "mailSender"))
                  .isSameAs(guarded);
            });
  }

  @Test
  void backsOffForAUserPostProcessor() {
    contextRunner
        .withUserConfiguration(Sender.class)
        .withBean("myMailGuard", TraceMailSenderPostProcessor.class)
        .run(
            context ->
                assertThat(context.getBeansOfType(TraceMailSenderPostProcessor.class))
                    .containsOnlyKeys("myMailGuard"));
  }

  @Test
  void leavesSendersUnguardedWhenSwitchedOff() {
    contextRunner
        .withUserConfiguration(Sender.class)
        .withPropertyValues("contextkit.trace.mail.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TraceMailSenderPostProcessor.class);
              assertThat(context.getBean(JavaMailSender.class)).isNotInstanceOf(TraceGuarded.class);
            });
  }

  @Test
  void backsOffWithoutSpringMail() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(MailSender.class))
        .run(context -> assertThat(context).doesNotHaveBean(TraceMailSenderPostProcessor.class));
  }
}
