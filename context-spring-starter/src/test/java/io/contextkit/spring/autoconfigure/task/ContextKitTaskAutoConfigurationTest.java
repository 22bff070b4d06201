package io.contextkit.spring.autoconfigure.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextExecutors;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.task.internal.ContextKitExecutorBeanPostProcessor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

class ContextKitTaskAutoConfigurationTest {

  private static final RequestContext ALICE =
      RequestContext.builder()
          .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
          .requestId("req-1")
          .userId("alice")
          .build();

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitTaskAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class,
                  TaskSchedulingAutoConfiguration.class));

  @Test
  void applicationTaskExecutorRunsTasksInSubmittersContext() {
    contextRunner.run(
        context -> {
          assertThat(context).hasSingleBean(ContextKitExecutorBeanPostProcessor.class);
          AsyncTaskExecutor executor =
              context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
          assertThat(userSeenBy(executor)).isEqualTo("alice");
        });
  }

  @Test
  void userThreadPoolTaskExecutorKeepsItsOwnDecorator() {
    contextRunner
        .withUserConfiguration(UserExecutors.class)
        .run(
            context -> {
              ThreadPoolTaskExecutor executor =
                  context.getBean("userPool", ThreadPoolTaskExecutor.class);
              assertThat(userSeenBy(executor)).isEqualTo("alice");
              assertThat(UserExecutors.DECORATED).isNotEmpty();
            });
  }

  @Test
  void plainExecutorServiceBeanDeclaredByInterfaceIsWrapped() {
    contextRunner
        .withUserConfiguration(UserExecutors.class)
        .run(
            context -> {
              ExecutorService service = context.getBean("plainService", ExecutorService.class);
              assertThat(ContextExecutors.isWrapped(service)).isTrue();
              assertThat(userSeenBy(service::execute)).isEqualTo("alice");
              // Declared by its class: left alone so injection by ThreadPoolExecutor still works.
              assertThat(context.getBean("concretePool")).isInstanceOf(ThreadPoolExecutor.class);
            });
  }

  @Test
  void eachScheduledRunGetsAFreshContext() {
    contextRunner
        .withUserConfiguration(ScheduledJob.class)
        .run(
            context -> {
              ScheduledJob job = context.getBean(ScheduledJob.class);
              assertThat(job.runs.await(10, TimeUnit.SECONDS)).isTrue();
              List<RequestContext> seen = List.copyOf(job.seen);
              assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
              assertThat(seen).allSatisfy(c -> assertThat(c.requestId()).isNotNull());
              assertThat(seen).allSatisfy(c -> assertThat(c.userId()).isNull());
              assertThat(seen.stream().map(RequestContext::requestId).distinct())
                  .hasSize(seen.size());
              assertThat(seen.stream().map(RequestContext::traceId).distinct())
                  .hasSize(seen.size());
            });
  }

  @Test
  void eachFixedDelayRunOnASimpleAsyncTaskSchedulerGetsAFreshContext() {
    // The scheduler Boot uses with virtual threads; it runs fixed-delay tasks on its own thread
    // without the task decorator.
    contextRunner
        .withUserConfiguration(ScheduledJob.class)
        .withBean(
            "taskScheduler",
            org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler.class,
            org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler::new)
        .run(
            context -> {
              ScheduledJob job = context.getBean(ScheduledJob.class);
              assertThat(job.runs.await(10, TimeUnit.SECONDS)).isTrue();
              List<RequestContext> seen = List.copyOf(job.seen);
              assertThat(seen).allSatisfy(c -> assertThat(c.requestId()).isNotNull());
              assertThat(seen.stream().map(RequestContext::requestId).distinct())
                  .hasSize(seen.size());
            });
  }

  @Test
  void backsOffForUserPostProcessor() {
    contextRunner
        .withUserConfiguration(UserPostProcessor.class)
        .run(
            context ->
                assertThat(context.getBean(ContextKitExecutorBeanPostProcessor.class))
                    .isSameAs(UserPostProcessor.INSTANCE));
  }

  @Test
  void offWhenTaskPropertyIsFalse() {
    contextRunner
        .withPropertyValues("contextkit.task.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ContextKitExecutorBeanPostProcessor.class);
              assertThat(
                      userSeenBy(
                          context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class)))
                  .isEqualTo("none");
            });
  }

  private static String userSeenBy(java.util.concurrent.Executor executor) throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try (ContextScope scope = ALICE.makeCurrent()) {
      executor.execute(
          () -> {
            String user = RequestContext.current().userId();
            seen.set(user == null ? "none" : user);
            done.countDown();
          });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    return seen.get();
  }

  @Configuration(proxyBeanMethods = false)
  static class UserExecutors {
    static final List<Runnable> DECORATED = new CopyOnWriteArrayList<>();

    @Bean
    ThreadPoolTaskExecutor userPool() {
      ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
      executor.setTaskDecorator(
          r -> {
            DECORATED.add(r);
            return r;
          });
      return executor;
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService plainService() {
      return Executors.newSingleThreadExecutor();
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor concretePool() {
      return (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  static class ScheduledJob {
    final List<RequestContext> seen = new CopyOnWriteArrayList<>();
    final CountDownLatch runs = new CountDownLatch(3);

    @Scheduled(fixedDelay = 20)
    void tick() {
      seen.add(RequestContext.current());
      runs.countDown();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserPostProcessor {
    static final ContextKitExecutorBeanPostProcessor INSTANCE =
        new ContextKitExecutorBeanPostProcessor();

    @Bean
    static ContextKitExecutorBeanPostProcessor myPostProcessor() {
      return INSTANCE;
    }
  }
}
