package io.shallot.loop.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One event's listeners, EventEmitter-style: registration order, {@code once} removed before it runs. */
final class Listeners<T> {
    private record Entry<T>(Consumer<T> listener, boolean once) {
    }

    private final List<Entry<T>> entries = new ArrayList<>(1);

    void on(Consumer<T> listener) {
        entries.add(new Entry<>(listener, false));
    }

    void once(Consumer<T> listener) {
        entries.add(new Entry<>(listener, true));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Calls every listener registered so far; a throw propagates and skips the rest, as in Node. */
    void emit(T value) {
        if (entries.size() == 1) {
            Entry<T> only = entries.get(0);
            if (only.once()) {
                entries.clear();
            }
            only.listener().accept(value);
            return;
        }
        if (entries.isEmpty()) {
            return;
        }
        List<Entry<T>> snapshot = List.copyOf(entries);
        entries.removeIf(Entry::once);
        for (Entry<T> entry : snapshot) {
            entry.listener().accept(value);
        }
    }
}
