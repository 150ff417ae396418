package io.shallot.cluster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.cluster.config.Units;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The process table of {@code ls}, {@code start}, {@code stop}... (PM2's columns, plus requests/s and loop delay). */
final class Table {
    static final String[] HEADER = {"id", "name", "mode", "pid", "status", "restarts", "uptime", "cpu", "memory", "req/s", "delay"};

    private Table() {
    }

    static List<String[]> cells(JsonNode rows) {
        List<String[]> out = new ArrayList<>();
        for (JsonNode r : rows) {
            boolean running = r.path("pid").asLong() > 0;
            out.add(new String[] {
                id(r),
                r.path("name").asText(),
                r.path("mode").asText(),
                running ? r.path("pid").asText() : "-",
                r.path("status").asText(),
                r.path("restarts").asText(),
                running ? Units.formatUptime(r.path("uptime_ms").asLong()) : "-",
                running ? String.format(Locale.ROOT, "%.0f%%", r.path("cpu").asDouble()) : "-",
                running ? Units.formatBytes(r.path("memory").asLong()) : "-",
                r.has("rps") ? String.format(Locale.ROOT, "%.1f", r.path("rps").asDouble()) : "-",
                r.has("loop_delay_ms") ? String.format(Locale.ROOT, "%.1fms", r.path("loop_delay_ms").asDouble()) : "-",
            });
        }
        return out;
    }

    /** A process's id; a spare has none until it takes an instance's place. */
    static String id(JsonNode row) {
        return row.has("id") ? row.path("id").asText() : "-";
    }

    static void print(PrintWriter out, JsonNode rows) {
        List<String[]> cells = cells(rows);
        if (cells.isEmpty()) {
            out.println("no apps; start one with 'shallot start shallot.config.yaml'");
            out.flush();
            return;
        }
        int[] width = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            width[i] = HEADER[i].length();
            for (String[] row : cells) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        line(out, HEADER, width);
        for (String[] row : cells) {
            line(out, row, width);
        }
        for (JsonNode r : rows) {
            if (r.path("status").asText().equals("errored") && r.has("reason")) {
                String which = r.has("id") ? "id " + r.path("id").asText() : "spares";
                out.println("  " + r.path("name").asText() + " (" + which + ") errored: " + r.path("reason").asText());
                out.println("    see " + r.path("error_log").asText());
            }
        }
        out.flush();
    }

    private static void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(String.format("%-" + width[i] + "s", cells[i]));
            if (i < cells.length - 1) {
                sb.append("  ");
            }
        }
        out.println(sb.toString().stripTrailing());
    }
}
