package io.contextkit.quarkus.runtime.internal;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Added at build time to every Quarkus REST resource method returning {@code Uni}, {@code Multi},
 * {@code CompletionStage} or {@code CompletableFuture}; binds {@link AsyncResourceInterceptor}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AsyncResourceBinding {}
