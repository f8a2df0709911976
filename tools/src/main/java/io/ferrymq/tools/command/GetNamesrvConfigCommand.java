package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code getNamesrvConfig}: the name server's effective settings. */
public final class GetNamesrvConfigCommand implements AdminCommand {
    @Override
    public String name() {
        return "getNamesrvConfig";
    }

    @Override
    public String description() {
        return "Show the name server's configuration";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        out.print(admin.namesrvConfig());
    }
}
