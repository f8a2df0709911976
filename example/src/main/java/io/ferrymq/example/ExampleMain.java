package io.ferrymq.example;

import io.ferrymq.example.scenario.BrokerControl;
import io.ferrymq.example.scenario.Scenarios;
import io.ferrymq.example.scenario.Scenarios.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code bin/example}: runs the e-commerce example's scenarios against a running name server and broker, and
 * prints each one's summary and invariants. Exit status 0 when every check of every scenario passed.
 */
public final class ExampleMain {
    private ExampleMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options()
                .addOption(Option.builder().longOpt("namesrv").hasArg().desc("name server (127.0.0.1:9876)").build())
                .addOption(Option.builder().longOpt("data").hasArg().desc("folder for the databases").build())
                .addOption(Option.builder().longOpt("orders").hasArg().desc("orders per scenario (40)").build())
                .addOption(Option.builder().longOpt("restart-broker").hasArg()
                        .desc("shell command that restarts the broker (needed by broker-restart)").build())
                .addOption(Option.builder().longOpt("timeout").hasArg().desc("seconds a scenario may take (120)")
                        .build())
                .addOption(Option.builder("h").longOpt("help").desc("this help and the scenarios").build());
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            System.err.println("example: " + e.getMessage());
            usage(options, System.err);
            System.exit(2);
            return;
        }
        if (line.hasOption("h")) {
            usage(options, System.out);
            return;
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : line.getArgList().isEmpty() ? List.of("all") : line.getArgList()) {
            if (name.equals("all")) {
                chosen.addAll(Scenarios.all());
            } else {
                try {
                    chosen.add(Scenarios.named(name));
                } catch (IllegalArgumentException e) {
                    System.err.println("example: " + e.getMessage());
                    System.exit(2);
                }
            }
        }
        String restart = line.getOptionValue("restart-broker");
        BrokerControl broker = restart != null ? BrokerControl.command(restart) : () -> {
            throw new IllegalStateException("broker-restart needs --restart-broker <command>");
        };
        PrintStream out = System.out;
        Scenarios scenarios = new Scenarios(line.getOptionValue("namesrv", "127.0.0.1:9876"),
                Path.of(line.getOptionValue("data", "data/example")), broker, out,
                Integer.parseInt(line.getOptionValue("orders", "40")),
                Duration.ofSeconds(Long.parseLong(line.getOptionValue("timeout", "120"))));
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (Scenario s : chosen) {
            String verdict;
            try {
                verdict = scenarios.run(s) ? "PASS" : "FAIL";
            } catch (Exception e) {
                out.printf("  scenario %s did not finish: %s%n", s.name(), e);
                verdict = "FAIL (" + e.getClass().getSimpleName() + ")";
            }
            verdicts.put(s.name(), verdict);
        }
        out.printf("%n== Scenarios%n");
        verdicts.forEach((name, verdict) -> out.printf("  %-16s %s%n", name, verdict));
        System.exit(verdicts.values().stream().allMatch("PASS"::equals) ? 0 : 1);
    }

    private static void usage(Options options, PrintStream out) {
        HelpFormatter f = new HelpFormatter();
        java.io.PrintWriter w = new java.io.PrintWriter(out);
        f.printHelp(w, 100, "example [options] [scenario ...|all]", null, options, 2, 2, null);
        w.println("scenarios:");
        for (Scenario s : Scenarios.all()) {
            w.printf("  %-16s %s%n", s.name(), s.description());
        }
        w.flush();
    }
}
