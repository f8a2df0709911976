package io.ferrymq.remoting.protocol.body;

import java.util.HashMap;
import java.util.Map;

/** A namespace's key/value pairs ({@code {"table":{...}}}). */
public class KVTable {
    private Map<String, String> table = new HashMap<>();

    public KVTable() {
    }

    public KVTable(Map<String, String> table) {
        this.table = table;
    }

    public Map<String, String> getTable() {
        return table;
    }

    public void setTable(Map<String, String> table) {
        this.table = table;
    }
}
