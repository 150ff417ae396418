package io.shallot.cluster.launch;

import io.shallot.cluster.internal.Home;
import io.shallot.cluster.logs.LogSet;
import io.shallot.loop.Loop;

/** What a launcher needs from the daemon: its loop, its home, the app's log files and where to report. */
public record LaunchContext(Loop loop, Home home, LogSet logs, WorkerEvents events, String defaultClasspath) {
}
