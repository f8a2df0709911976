package io.ferrymq.broker.filter;

import io.ferrymq.store.MessageFilter;
import java.nio.ByteBuffer;

/**
 * The store-side filter of an SQL92 subscription: every consume-queue unit passes the tags-code test (the
 * queue has no properties), then the stored record's properties decide.
 */
public final class SqlMessageFilter implements MessageFilter {
    private final SqlFilter filter;

    public SqlMessageFilter(SqlFilter filter) {
        this.filter = filter;
    }

    @Override
    public boolean matches(long tagsCode) {
        return true;
    }

    @Override
    public boolean needsRecord() {
        return true;
    }

    @Override
    public boolean matchesRecord(ByteBuffer record) {
        return filter.matches(new RecordProperties().reset(record));
    }

    @Override
    public String toString() {
        return "SQL92(" + filter.expression() + ")";
    }
}
