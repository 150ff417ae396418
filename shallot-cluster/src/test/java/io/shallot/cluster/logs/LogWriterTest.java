package io.shallot.cluster.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T07:08:09.123Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void prefixesEachLineWithTheDateInPm2Format() throws Exception {
        Path file = dir.resolve("app-out.log");
        try (LogWriter w = new LogWriter(file, "YYYY-MM-DD HH:mm:ss.SSS Z", 0, 0, CLOCK)) {
            w.line("hello");
            w.line("world");
        }
        assertThat(Files.readAllLines(file)).containsExactly(
                "2024-03-05 07:08:09.123 +00:00: hello", "2024-03-05 07:08:09.123 +00:00: world");
    }

    @Test
    void writesLinesAsTheyAreWithoutADateFormat() throws Exception {
        Path file = dir.resolve("plain.log");
        try (LogWriter w = new LogWriter(file, null, 0, 0, CLOCK)) {
            w.line("as is");
        }
        assertThat(Files.readString(file)).isEqualTo("as is\n");
    }

    @Test
    void rotatesBySizeKeepingTheConfiguredNumberOfFiles() throws Exception {
        Path file = dir.resolve("r.log");
        try (LogWriter w = new LogWriter(file, null, 100, 2, CLOCK)) {
            for (int i = 0; i < 10; i++) {
                w.line(String.format("%02d", i) + "x".repeat(46)); // 49 bytes with the newline: two lines per file
            }
        }
        assertThat(Files.readAllLines(file)).hasSize(2).first().asString().startsWith("08");
        assertThat(Files.readAllLines(dir.resolve("r.log.1"))).first().asString().startsWith("06");
        assertThat(Files.readAllLines(dir.resolve("r.log.2"))).first().asString().startsWith("04");
        assertThat(dir.resolve("r.log.3")).doesNotExist();
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws Exception {
        Path file = dir.resolve("a.log");
        Files.writeString(file, "x".repeat(97) + "\n");
        try (LogWriter w = new LogWriter(file, null, 100, 1, CLOCK)) {
            w.line("next");
        }
        assertThat(Files.readString(file)).isEqualTo("next\n");
        assertThat(Files.readString(dir.resolve("a.log.1"))).hasSize(98);
    }

    @Test
    void pumpSplitsLinesAndCapsTheirLength() throws Exception {
        Path file = dir.resolve("p.log");
        String huge = "y".repeat(LinePump.MAX_LINE + 10);
        byte[] input = ("one\r\ntwo\n" + huge + "\nlast without newline").getBytes(StandardCharsets.UTF_8);
        try (LogWriter w = new LogWriter(file, null, 0, 0, CLOCK)) {
            LinePump.run(new ByteArrayInputStream(input), () -> w);
        }
        assertThat(Files.readAllLines(file)).containsExactly("one", "two", "y".repeat(LinePump.MAX_LINE), "y".repeat(10),
                "last without newline");
    }
}
