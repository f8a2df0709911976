package io.ferrymq.example.service;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Command-line options every service takes, plus the service's own. */
public final class ServiceOptions {
    private final CommandLine line;

    private ServiceOptions(CommandLine line) {
        this.line = line;
    }

    /** Parses {@code args}; prints usage and exits with 2 when they are wrong. */
    public static ServiceOptions parse(String service, String[] args, Option... extra) {
        Options options = new Options()
                .addOption(Option.builder().longOpt("namesrv").hasArg().required().desc("name server address").build())
                .addOption(Option.builder().longOpt("data").hasArg().required().desc("folder of the databases").build())
                .addOption(Option.builder().longOpt("run").hasArg().required()
                        .desc("run id: messages of other runs are ignored").build());
        for (Option o : extra) {
            options.addOption(o);
        }
        try {
            return new ServiceOptions(new DefaultParser().parse(options, args));
        } catch (ParseException e) {
            System.err.println(service + ": " + e.getMessage());
            new HelpFormatter().printHelp(service, options);
            System.exit(2);
            throw new AssertionError();
        }
    }

    public static Option option(String name, String description) {
        return Option.builder().longOpt(name).hasArg().desc(description).build();
    }

    public String namesrv() {
        return line.getOptionValue("namesrv");
    }

    public Path data() {
        return Path.of(line.getOptionValue("data"));
    }

    public String run() {
        return line.getOptionValue("run");
    }

    public int intValue(String name, int defaultValue) {
        return line.hasOption(name) ? Integer.parseInt(line.getOptionValue(name)) : defaultValue;
    }

    public List<String> list(String name, List<String> defaultValue) {
        return line.hasOption(name) ? List.of(line.getOptionValue(name).split(",")) : defaultValue;
    }

    /** True when the message belongs to this run (its key starts with the run id). */
    public boolean ownsKey(String key) {
        return key != null && key.startsWith(run() + "-");
    }
}
