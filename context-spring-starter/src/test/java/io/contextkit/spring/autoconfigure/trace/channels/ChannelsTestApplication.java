package io.contextkit.spring.autoconfigure.trace.channels;

import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A small real application using every channel the channel guards cover: a JavaMailSender (Boot's,
 * against GreenMail), Spring Cache annotations (Boot's simple cache), HTTP sessions (form login and
 * flash attributes), an Apache HttpClient 5 bean and an OkHttp bean calling stub servers.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@EnableAsync
@Import({
  ChannelsTestApplication.Books.class,
  ChannelsTestApplication.AsyncReader.class,
  ChannelsTestApplication.ChannelController.class,
  ChannelsTestApplication.FormController.class
})
public class ChannelsTestApplication {

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            auth -> auth.requestMatchers("/private/**").authenticated().anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults())
        .formLogin(form -> form.defaultSuccessUrl("/session/read", true))
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}pw").authorities("USER").build(),
        User.withUsername("tracer").password("{noop}pw").authorities("CONTEXTKIT_TRACE").build());
  }

  @Bean(destroyMethod = "close")
  CloseableHttpClient apacheHttpClient() {
    return HttpClients.createDefault();
  }

  @Bean
  OkHttpClient okHttpClient() {
    return new OkHttpClient();
  }

  /** Cached lookups; every load counts, so a test can tell a hit from a miss. */
  @Service
  public static class Books {
    public static final AtomicInteger LOADS = new AtomicInteger();

    @Cacheable("books")
    public String find(String id) {
      return "loaded-" + id + "-" + LOADS.incrementAndGet();
    }

    @Cacheable(cacheNames = "books", sync = true)
    public String findSync(String id) {
      return "loaded-" + id + "-" + LOADS.incrementAndGet();
    }

    @CachePut(cacheNames = "books", key = "#p0")
    public String rename(String id, String title) {
      return title;
    }

    @CacheEvict(cacheNames = "books", key = "#p0")
    public void forget(String id) {}

    @CacheEvict(cacheNames = "books", allEntries = true)
    public void forgetAll() {}
  }

  /** Reads the cache on a pooled thread, with the caller's context (ContextKit's executor). */
  @Service
  public static class AsyncReader {
    private final Books books;

    AsyncReader(Books books) {
      this.books = books;
    }

    @Async
    public CompletableFuture<String> find(String id) {
      return CompletableFuture.completedFuture(books.find(id));
    }
  }

  /** A server-rendered form's POST-redirect-GET: the flash attribute needs a session. */
  @Controller
  public static class FormController {
    @PostMapping("/session/redirect")
    String redirect(RedirectAttributes redirect) {
      redirect.addFlashAttribute("notice", "saved");
      return "redirect:/session/read";
    }
  }

  @RestController
  public static class ChannelController {
    private final JavaMailSender mail;
    private final Books books;
    private final AsyncReader async;
    private final CacheManager caches;
    private final CloseableHttpClient apache;
    private final OkHttpClient okHttp;
    private final String internalUrl;
    private final String thirdPartyUrl;

    ChannelController(
        JavaMailSender mail,
        Books books,
        AsyncReader async,
        CacheManager caches,
        CloseableHttpClient apache,
        OkHttpClient okHttp,
        @Value("${test.internal-url}") String internalUrl,
        @Value("${test.third-party-url}") String thirdPartyUrl) {
      this.mail = mail;
      this.books = books;
      this.async = async;
      this.caches = caches;
      this.apache = apache;
      this.okHttp = okHttp;
      this.internalUrl = internalUrl;
      this.thirdPartyUrl = thirdPartyUrl;
    }

    @PostMapping("/mail/simple")
    String simple(@RequestParam String to) {
      SimpleMailMessage message = new SimpleMailMessage();
      message.setFrom("shop@example.com");
      message.setTo(to);
      message.setSubject("Your order");
      message.setText("Thanks");
      mail.send(message);
      return "sent";
    }

    @PostMapping("/mail/preparator")
    String preparator(@RequestParam String to) {
      mail.send(
          mime -> {
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
            helper.setFrom("shop@example.com");
            helper.setTo(to);
            helper.setCc("audit@copies.example");
            helper.setSubject("Invoice");
            helper.setText("<b>Invoice</b>", true);
            helper.addAttachment(
                "invoice.txt",
                new org.springframework.core.io.ByteArrayResource(
                    "total: 42".getBytes(StandardCharsets.UTF_8)));
          });
      return "sent";
    }

    @PostMapping("/mail/mime")
    String mime(@RequestParam String to) throws Exception {
      MimeMessage message = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message);
      helper.setFrom("shop@example.com");
      helper.setTo(to);
      helper.setSubject("Plain");
      helper.setText("Hello");
      mail.send(message);
      return "sent";
    }

    @GetMapping("/books/{id}")
    String book(@PathVariable String id) {
      return books.find(id);
    }

    @GetMapping("/books/{id}/sync")
    String bookSync(@PathVariable String id) {
      return books.findSync(id);
    }

    /** Renames, then reads on this thread and on a pooled one: both must see the new title. */
    @PostMapping("/books/{id}")
    String rename(@PathVariable String id, @RequestParam String title) throws Exception {
      books.rename(id, title);
      return books.find(id) + "|" + async.find(id).get();
    }

    /** Evicts, then reads (a load): the eviction must be visible within the request. */
    @PostMapping("/books/{id}/forget")
    String forget(@PathVariable String id) {
      books.forget(id);
      return books.find(id);
    }

    @PostMapping("/books/forget-all")
    String forgetAll(@RequestParam String id) {
      books.forgetAll();
      return books.find(id);
    }

    /** What the shared cache holds for a key, read around the guard (a STANDARD request). */
    @GetMapping("/books/{id}/shared")
    String shared(@PathVariable String id) {
      org.springframework.cache.Cache.ValueWrapper value = caches.getCache("books").get(id);
      return value == null ? "absent" : String.valueOf(value.get());
    }

    @PostMapping("/session/flash")
    String flash(HttpServletRequest request, @RequestParam(defaultValue = "3") int items) {
      HttpSession session = request.getSession();
      session.setAttribute("cart", items + " items");
      return "cart=" + session.getAttribute("cart") + " new=" + session.isNew();
    }

    @GetMapping("/session/read")
    String read(HttpServletRequest request) {
      HttpSession session = request.getSession(false);
      return session == null ? "no-session" : "cart=" + session.getAttribute("cart");
    }

    @PostMapping("/apache")
    ResponseEntity<String> apache(@RequestParam String to) throws Exception {
      HttpPost post = new HttpPost((to.equals("internal") ? internalUrl : thirdPartyUrl) + "/hc5");
      post.setEntity(new StringEntity("{}"));
      return apache.execute(
          post,
          response ->
              ResponseEntity.ok(
                  response.getCode() + " " + EntityUtils.toString(response.getEntity())));
    }

    @PostMapping("/okhttp")
    ResponseEntity<String> okhttp(@RequestParam String to) throws Exception {
      okhttp3.Request request =
          new okhttp3.Request.Builder()
              .url((to.equals("internal") ? internalUrl : thirdPartyUrl) + "/ok")
              .post(okhttp3.RequestBody.create("{}", okhttp3.MediaType.parse("application/json")))
              .build();
      try (okhttp3.Response response = okHttp.newCall(request).execute()) {
        return ResponseEntity.ok(response.code() + " " + response.body().string());
      }
    }

    @PostMapping("/okhttp/async")
    ResponseEntity<String> okhttpAsync(@RequestParam String to) throws Exception {
      okhttp3.Request request =
          new okhttp3.Request.Builder()
              .url((to.equals("internal") ? internalUrl : thirdPartyUrl) + "/ok-async")
              .get()
              .build();
      CompletableFuture<String> result = new CompletableFuture<>();
      okHttp
          .newCall(request)
          .enqueue(
              new okhttp3.Callback() {
                @Override
                public void onFailure(okhttp3.Call call, java.io.IOException e) {
                  result.completeExceptionally(e);
                }

                @Override
                public void onResponse(okhttp3.Call call, okhttp3.Response response)
                    throws java.io.IOException {
                  try (response) {
                    result.complete(response.code() + " " + response.body().string());
                  }
                }
              });
      return ResponseEntity.ok(result.get());
    }
  }
}
