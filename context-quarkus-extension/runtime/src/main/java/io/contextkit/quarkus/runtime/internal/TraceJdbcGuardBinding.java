package io.contextkit.quarkus.runtime.internal;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds {@link TraceJdbcGuardInterceptor} to the method of quarkus-agroal that creates each
 * datasource; the build adds it there.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TraceJdbcGuardBinding {}
