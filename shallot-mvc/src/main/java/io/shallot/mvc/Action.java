package io.shallot.mvc;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Handler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One controller action, resolved once at start-up: the method is looked up by name, and its return
 * type decides where it runs (a {@code Promise} or {@code CompletionStage}: on the loop; anything
 * else: on a virtual thread).
 */
final class Action {
    private final Supplier<? extends Controller> factory;
    private final MethodHandle handle;
    private final boolean async;
    private final String name;

    private Action(Supplier<? extends Controller> factory, MethodHandle handle, boolean async, String name) {
        this.factory = factory;
        this.handle = handle;
        this.async = async;
        this.name = name;
    }

    static Action resolve(Supplier<? extends Controller> factory, Class<?> type, String methodName, String source) {
        Method method;
        try {
            method = type.getMethod(methodName);
        } catch (NoSuchMethodException e) {
            TreeSet<String> actions = new TreeSet<>();
            Arrays.stream(type.getMethods())
                    .filter(m -> m.getParameterCount() == 0 && m.getDeclaringClass() != Object.class
                            && m.getDeclaringClass() != Controller.class && !Modifier.isStatic(m.getModifiers()))
                    .forEach(m -> actions.add(m.getName()));
            throw new IllegalStateException(source + ": " + type.getSimpleName() + " has no public no-argument method '"
                    + methodName + "' (its actions: " + String.join(", ", actions) + ")");
        }
        if (Modifier.isStatic(method.getModifiers())) {
            throw new IllegalStateException(source + ": " + type.getSimpleName() + "." + methodName + " is static; actions are instance methods");
        }
        boolean async = Promise.class.isAssignableFrom(method.getReturnType())
                || CompletionStage.class.isAssignableFrom(method.getReturnType());
        try {
            MethodHandle handle = MethodHandles.publicLookup().unreflect(method)
                    .asType(java.lang.invoke.MethodType.methodType(Object.class, Controller.class));
            return new Action(factory, handle, async, type.getSimpleName() + "." + methodName);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(source + ": " + type.getName() + "." + methodName
                    + " is not accessible; make the controller class and method public", e);
        }
    }

    boolean isAsync() {
        return async;
    }

    Handler handler(Services services) {
        if (!async) {
            return Handler.blocking(ctx -> invoke(ctx, services));
        }
        return new Handler() {
            @Override
            public Promise<?> handle(Context ctx) throws Exception {
                Object result = invoke(ctx, services);
                if (result instanceof Promise<?> promise) {
                    return promise;
                }
                if (result instanceof CompletionStage<?> stage) {
                    return Promise.from(ctx.loop(), stage);
                }
                throw new IllegalStateException(name + " returned null instead of a Promise");
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private Object invoke(Context ctx, Services services) throws Exception {
        Controller controller = factory.get();
        controller.bind(ctx, services);
        try {
            return handle.invokeExact(controller);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
