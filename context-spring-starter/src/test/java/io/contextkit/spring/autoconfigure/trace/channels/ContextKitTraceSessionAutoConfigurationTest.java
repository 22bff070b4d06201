package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceSessionFilter;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceSessionRepositoryPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceWebSessionFilter;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

class ContextKitTraceSessionAutoConfigurationTest {

  private final WebApplicationContextRunner contextRunner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextKitTraceSessionAutoConfiguration.class));

  @Test
  void registersTheSessionFilterAsAGuard() {
    contextRunner.run(
        context -> {
          FilterRegistrationBean<?> registration =
              context.getBean("contextKitTraceSessionFilter", FilterRegistrationBean.class);
          assertThat(registration.getFilter())
              .isInstanceOf(TraceSessionFilter.class)
              .isInstanceOf(TraceGuarded.class);
          assertThat(registration.getOrder())
              .isEqualTo(ContextKitTraceSessionAutoConfiguration.SESSION_FILTER_ORDER);
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void sessionStoresDoNotSaveOrDeleteUnderTrace() {
    ConcurrentHashMap<String, org.springframework.session.Session> store =
        new ConcurrentHashMap<>();
    contextRunner
        .withBean(SessionRepository.class, () -> new MapSessionRepository(store))
        .run(
            context -> {
              SessionRepository<MapSession> repository = context.getBean(SessionRepository.class);
              assertThat(repository).isInstanceOf(TraceGuarded.class);
              MapSession real = repository.createSession();
              repository.save(real);
              assertThat(store).containsKey(real.getId());

              RequestContext trace =
                  RequestContext.builder().requestType(RequestType.TRACE).build();
              try (var scope = trace.makeCurrent()) {
                MapSession dry = repository.createSession();
                repository.save(dry);
                repository.deleteById(real.getId());
                assertThat(repository.findById(real.getId())).isNotNull();
                assertThat(store).doesNotContainKey(dry.getId());
              }
              assertThat(store).containsKey(real.getId()).hasSize(1);
              assertThat(trace.sideEffects().report().count(SideEffect.Kind.SESSION)).isEqualTo(2);
            });
  }

  @Test
  void backsOffForAUserFilter() {
    contextRunner
        .withBean(
            "contextKitTraceSessionFilter",
            FilterRegistrationBean.class,
            () -> new FilterRegistrationBean<>((req, res, chain) -> chain.doFilter(req, res)))
        .run(
            context ->
                assertThat(
                        context
                            .getBean("contextKitTraceSessionFilter", FilterRegistrationBean.class)
                            .getFilter())
                    .isNotInstanceOf(TraceSessionFilter.class));
  }

  @Test
  void leavesSessionsUnguardedWhenSwitchedOff() {
    contextRunner
        .withPropertyValues("contextkit.trace.session.enabled=false")
        .withBean(
            SessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("contextKitTraceSessionFilter");
              assertThat(context.getBean(SessionRepository.class))
                  .isNotInstanceOf(TraceGuarded.class);
            });
  }

  @Test
  void withoutSpringSessionOnlyTheFilterIsRegistered() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(SessionRepository.class))
        .run(
            context -> {
              assertThat(context).hasBean("contextKitTraceSessionFilter");
              assertThat(context).doesNotHaveBean(TraceSessionRepositoryPostProcessor.class);
            });
  }

  @Test
  void reactiveApplicationsGetTheWebSessionFilter() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ContextKitTraceSessionAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("contextKitTraceSessionFilter");
              assertThat(context.getBean("contextKitTraceWebSessionFilter"))
                  .isInstanceOf(TraceWebSessionFilter.class)
                  .isInstanceOf(TraceGuarded.class);
            });
  }

  @Test
  void backsOffOutsideWebApplications() {
    new org.springframework.boot.test.context.runner.ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ContextKitTraceSessionAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("contextKitTraceSessionFilter");
              assertThat(context).doesNotHaveBean("contextKitTraceWebSessionFilter");
            });
  }
}
