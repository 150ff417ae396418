package io.shallot.cluster.cli;

import io.shallot.cluster.config.Units;
import io.shallot.cluster.internal.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The process table of {@code ls}, {@code start}, {@code stop}... (PM2's columns, plus requests/s and loop delay). */
final class Table {
    static final String[] HEADER = {"id", "name", "mode", "pid", "status", "restarts", "uptime", "cpu", "memory", "req/s", "delay"};

    private Table() {
    }

    static List<String[]> cells(List<Map<String, Object>> rows) {
        List<String[]> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            boolean running = Json.longValue(r, "pid", 0) > 0;
            out.add(new String[] {
                id(r),
                Json.text(r, "name"),
                Json.text(r, "mode"),
                running ? Json.text(r, "pid") : "-",
                Json.text(r, "status"),
                Json.text(r, "restarts"),
                running ? Units.formatUptime(Json.longValue(r, "uptime_ms", 0)) : "-",
                running ? String.format(Locale.ROOT, "%.0f%%", Json.doubleValue(r, "cpu", 0)) : "-",
                running ? Units.formatBytes(Json.longValue(r, "memory", 0)) : "-",
                r.containsKey("rps") ? String.format(Locale.ROOT, "%.1f", Json.doubleValue(r, "rps", 0)) : "-",
                r.containsKey("loop_delay_ms") ? String.format(Locale.ROOT, "%.1fms", Json.doubleValue(r, "loop_delay_ms", 0)) : "-",
            });
        }
        return out;
    }

    /** A process's id; a spare has none until it takes an instance's place. */
    static String id(Map<String, Object> row) {
        return row.containsKey("id") ? Json.text(row, "id") : "-";
    }

    static void print(PrintWriter out, List<Map<String, Object>> rows) {
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
        for (Map<String, Object> r : rows) {
            if (Json.text(r, "status").equals("errored") && r.containsKey("reason")) {
                String which = r.containsKey("id") ? "id " + Json.text(r, "id") : "spares";
                out.println("  " + Json.text(r, "name") + " (" + which + ") errored: " + Json.text(r, "reason"));
                out.println("    see " + Json.text(r, "error_log"));
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
