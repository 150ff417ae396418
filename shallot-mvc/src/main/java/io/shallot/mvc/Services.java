package io.shallot.mvc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * The app's singletons, the document's Service layer: each registered type is created once, on
 * first {@link #get}, by its factory, which may {@code get} what it depends on. No container, no
 * annotations: a factory is plain code. A dependency cycle fails with the cycle spelled out.
 */
public final class Services {
    private final Map<Class<?>, Function<Services, ?>> factories;
    private final Map<Class<?>, Object> instances = new HashMap<>();
    private final Set<Class<?>> creating = new LinkedHashSet<>();

    Services(Map<Class<?>, Function<Services, ?>> factories, Map<Class<?>, Object> ready) {
        this.factories = new LinkedHashMap<>(factories);
        this.instances.putAll(ready);
    }

    public synchronized <S> S get(Class<S> type) {
        Object existing = instances.get(type);
        if (existing != null) {
            return type.cast(existing);
        }
        Function<Services, ?> factory = factories.get(type);
        if (factory == null) {
            List<String> known = new ArrayList<>();
            factories.keySet().forEach(k -> known.add(k.getSimpleName()));
            instances.keySet().forEach(k -> known.add(k.getSimpleName()));
            throw new IllegalStateException("no service of type " + type.getName() + " is registered (registered: " + known + ")");
        }
        if (!creating.add(type)) {
            List<String> cycle = new ArrayList<>();
            creating.forEach(k -> cycle.add(k.getSimpleName()));
            cycle.add(type.getSimpleName());
            throw new IllegalStateException("service dependency cycle: " + String.join(" -> ", cycle));
        }
        try {
            S created = type.cast(factory.apply(this));
            if (created == null) {
                throw new IllegalStateException("the factory of " + type.getName() + " returned null");
            }
            instances.put(type, created);
            return created;
        } finally {
            creating.remove(type);
        }
    }

    /** Creates every registered service now, so a broken factory fails start-up, not a request. */
    void createAll() {
        for (Class<?> type : List.copyOf(factories.keySet())) {
            get(type);
        }
    }

    /** Closes every created service that is {@link AutoCloseable}, in reverse creation order. */
    synchronized void closeAll() {
        List<Object> created = new ArrayList<>(instances.values());
        for (int i = created.size() - 1; i >= 0; i--) {
            if (created.get(i) instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(Services.class).warn("closing {} failed", created.get(i), e);
                }
            }
        }
    }
}
