package io.shallot.web.client.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Header views for the public API: unmodifiable maps whose keys compare ignoring case, listed in
 * the order the names first appear (the first spelling of a name is kept), each with its values in
 * order.
 *
 * <p>A map is built per message (every proxied request and response has one or two), and a message
 * has a handful of headers: the names live in an array searched in order, which is cheaper to build
 * and to read than a sorted map. Past {@link #SMALL} names a hash index by lower-case name is added,
 * so that a message with many headers is not searched name by name.
 */
public final class HeaderMaps {
    static final int SMALL = 16;

    private HeaderMaps() {
    }

    /** Netty headers as name → values. */
    public static Map<String, List<String>> toMap(HttpHeaders headers) {
        Builder builder = new Builder(headers.size());
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            builder.add(e.getKey().toString(), e.getValue().toString());
        }
        return builder.build();
    }

    /** A case-insensitive, unmodifiable copy of any header map. */
    public static Map<String, List<String>> caseInsensitiveCopy(Map<String, List<String>> headers) {
        if (headers instanceof Frozen) {
            return headers;
        }
        Builder builder = new Builder(headers.size());
        headers.forEach((name, values) -> values.forEach(value -> builder.add(name, value)));
        return builder.build();
    }

    private static final class Builder {
        private String[] names;
        private List<String>[] values;
        private int size;
        private Map<String, Integer> index;

        @SuppressWarnings("unchecked")
        Builder(int expected) {
            int capacity = Math.max(1, Math.min(expected, SMALL));
            names = new String[capacity];
            values = new List[capacity];
        }

        void add(String name, String value) {
            int at = index == null ? scan(names, size, name) : index.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
            if (at >= 0) {
                List<String> list = values[at];
                if (list.size() == 1) {
                    list = new ArrayList<>(list);
                    values[at] = list;
                }
                list.add(value);
                return;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = List.of(value);
            if (index != null) {
                index.put(name.toLowerCase(Locale.ROOT), size);
            } else if (size + 1 > SMALL) {
                index = new HashMap<>();
                for (int i = 0; i <= size; i++) {
                    index.put(names[i].toLowerCase(Locale.ROOT), i);
                }
            }
            size++;
        }

        Map<String, List<String>> build() {
            for (int i = 0; i < size; i++) {
                if (values[i].size() > 1) {
                    values[i] = List.copyOf(values[i]);
                }
            }
            return new Frozen(names, values, size, index);
        }
    }

    private static int scan(String[] names, int size, String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Marks maps built here, so passing one back in does not copy it again. */
    private static final class Frozen extends AbstractMap<String, List<String>> {
        private final String[] names;
        private final List<String>[] values;
        private final int size;
        private final Map<String, Integer> index;

        Frozen(String[] names, List<String>[] values, int size, Map<String, Integer> index) {
            this.names = names;
            this.values = values;
            this.size = size;
            this.index = index;
        }

        private int indexOf(Object key) {
            if (!(key instanceof String name)) {
                return -1;
            }
            return index == null ? scan(names, size, name) : index.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
        }

        @Override
        public List<String> get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super List<String>> action) {
            for (int i = 0; i < size; i++) {
                action.accept(names[i], values[i]);
            }
        }

        @Override
        public Set<Entry<String, List<String>>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, List<String>>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, List<String>> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }
}
