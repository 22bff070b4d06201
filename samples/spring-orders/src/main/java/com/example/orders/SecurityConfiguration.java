package com.example.orders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic with three in-memory users: {@code alice} places orders, {@code tess} is a tester
 * account (see {@code contextkit.identity.tester-accounts}) who may also send TRACE requests, and
 * {@code inventory} is the inventory service reading orders back.
 */
@Configuration(proxyBeanMethods = false)
final class SecurityConfiguration {

  static final String ORDERS = "ORDERS";
  static final String ORDERS_READ = "ORDERS_READ";

  /** The authority the starter checks for TRACE ({@code contextkit.trace.permission}). */
  static final String TRACE = "CONTEXTKIT_TRACE";

  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            auth ->
                auth.requestMatchers(HttpMethod.POST, "/conformance/trace-context")
                    .permitAll()
                    .requestMatchers("/actuator/health", "/actuator/health/**", "/error")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/orders")
                    .hasAuthority(ORDERS)
                    .requestMatchers(HttpMethod.GET, "/orders/*")
                    .hasAnyAuthority(ORDERS, ORDERS_READ)
                    .anyRequest()
                    .authenticated())
        .httpBasic(Customizer.withDefaults())
        // A stateless API authenticated on every request: no session cookie, so no CSRF exposure.
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  /**
   * Demo credentials, documented in the README; {noop} keeps per-request cost out of benchmarks.
   *
   * <p>The bean is a plain {@link UserDetailsService}, not the {@link InMemoryUserDetailsManager}
   * itself: Spring Security upgrades the stored password of any {@code UserDetailsPasswordService}
   * to bcrypt after the first successful login, and from then on every HTTP Basic request paid a
   * bcrypt check (about 100 ms of CPU here) — found by the stress run, where it was the stack's
   * bottleneck.
   */
  @Bean
  UserDetailsService users() {
    InMemoryUserDetailsManager manager = demoUsers();
    return manager::loadUserByUsername;
  }

  static InMemoryUserDetailsManager demoUsers() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}alice-pw").authorities(ORDERS).build(),
        User.withUsername("tess").password("{noop}tess-pw").authorities(ORDERS, TRACE).build(),
        User.withUsername("inventory")
            .password("{noop}inventory-pw")
            .authorities(ORDERS_READ)
            .build());
  }
}
