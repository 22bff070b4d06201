package io.contextkit.spring.autoconfigure.trace.mail;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with a channel ContextKit does not guard yet: Boot's {@code JavaMailSender}
 * ({@code spring.mail.host}), used by a controller.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = {
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
    })
@Import(MailApplication.WelcomeController.class)
public class MailApplication {

  /** Sends a welcome mail. */
  @RestController
  static class WelcomeController {

    private final JavaMailSender mail;

    WelcomeController(JavaMailSender mail) {
      this.mail = mail;
    }

    @PostMapping("/welcome")
    String welcome(@RequestParam String to) {
      SimpleMailMessage message = new SimpleMailMessage();
      message.setFrom("shop@example.com");
      message.setTo(to);
      message.setSubject("Welcome");
      message.setText("Hello " + to);
      mail.send(message);
      return "sent";
    }
  }
}
