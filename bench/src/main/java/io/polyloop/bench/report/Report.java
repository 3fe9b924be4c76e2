package io.polyloop.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The results file: header, machine, notes, every table, links to the charts. Not thread safe. */
public final class Report {
    private final String title;
    private final List<String> notes = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final List<Path> charts = new ArrayList<>();
    private String goals;

    public Report(String title) {
        this.title = title;
    }

    public void note(String text) {
        notes.add(text);
    }

    public void section(String heading, List<Table> tables) {
        StringBuilder sb = new StringBuilder("## ").append(heading).append("\n\n");
        tables.forEach(t -> sb.append(t.markdown()));
        sections.add(sb.toString());
    }

    /** The goals summary, written first: {@code intro} (how to read it) and the table. */
    public void goals(String intro, Goals g) {
        goals = "## Goals\n\n" + intro + "\n\n" + g.markdown() + "\n";
    }

    public void chart(Path png) {
        charts.add(png);
    }

    public void write(Path file, String machine) throws IOException {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        if (goals != null) {
            sb.append(goals);
        }
        sb.append("## Machine\n\n").append(machine).append('\n');
        if (!notes.isEmpty()) {
            sb.append("## Notes\n\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
            sb.append('\n');
        }
        sb.append("How to read: ↑ higher is better, ↓ lower is better. \"×best peer\" is the figure divided by the best "
                + "figure among the peers (every subject that is not polyloop) of the same table in this run: for ↑ "
                + "columns above 1.00 means ahead of the best peer, for ↓ columns below 1.00 means ahead. polyloop "
                + "rows are in bold. A row that could not run says why.\n\n");
        if (!charts.isEmpty()) {
            sb.append("## Charts\n\n");
            for (Path c : charts) {
                String name = c.getFileName().toString();
                sb.append("![").append(name).append("](").append(name).append(")\n\n");
            }
        }
        sections.forEach(sb::append);
        Files.writeString(file, sb.toString());
    }
}
