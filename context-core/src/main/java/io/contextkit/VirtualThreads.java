package io.contextkit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reaches the Java 21 virtual-thread API through method handles, because the core compiles for Java
 * 17. Resolved once, on first use.
 */
final class VirtualThreads {

  private static final @Nullable MethodHandle NEW_EXECUTOR;
  private static final @Nullable MethodHandle NEW_FACTORY;
  private static final String UNAVAILABLE;

  static {
    MethodHandle executor = null;
    MethodHandle factory = null;
    String unavailable = "";
    int feature = Runtime.version().feature();
    if (feature < 21) {
      unavailable =
          "virtual threads need Java 21+; this JVM is Java "
              + feature
              + " (on 19 and 20 they are a preview feature, which ContextKit does not use)";
    } else {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        executor =
            lookup.findStatic(
                Executors.class,
                "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class));
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        MethodHandle ofVirtualHandle =
            lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
        MethodHandle factoryHandle =
            lookup
                .findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
                .asType(MethodType.methodType(ThreadFactory.class, ofVirtual));
        factory = MethodHandles.filterReturnValue(ofVirtualHandle, factoryHandle);
      } catch (ReflectiveOperationException | RuntimeException e) {
        executor = null;
        factory = null;
        unavailable = "virtual threads are not available on this JVM: " + e;
      }
    }
    NEW_EXECUTOR = executor;
    NEW_FACTORY = factory;
    UNAVAILABLE = unavailable;
  }

  private VirtualThreads() {}

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, unwrapped. */
  static ExecutorService newThreadPerTaskExecutor() {
    MethodHandle handle = NEW_EXECUTOR;
    if (handle == null) {
      throw new UnsupportedOperationException(UNAVAILABLE);
    }
    try {
      return (ExecutorService) handle.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code Thread.ofVirtual().factory()}, unwrapped. */
  static ThreadFactory factory() {
    MethodHandle handle = NEW_FACTORY;
    if (handle == null) {
      throw new UnsupportedOperationException(UNAVAILABLE);
    }
    try {
      return (ThreadFactory) handle.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
