package io.ferrymq.bench;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** The command line of a bench program (with a {@code help} option): usage errors and --help handled alike. */
final class BenchOptions {

    private BenchOptions() {
    }

    /**
     * Parses {@code args}; a usage error prints it with the help and exits with 2.
     *
     * @return the parsed line, or null when --help was asked (the help is printed)
     */
    static CommandLine parse(String program, Options options, String[] args) {
        try {
            CommandLine cl = new DefaultParser().parse(options, args);
            if (!cl.hasOption("help")) {
                return cl;
            }
        } catch (ParseException e) {
            System.err.println(e.getMessage());
            new HelpFormatter().printHelp(program, options);
            System.exit(2);
        }
        new HelpFormatter().printHelp(program, options);
        return null;
    }
}
