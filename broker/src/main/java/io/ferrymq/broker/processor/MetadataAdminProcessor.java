package io.ferrymq.broker.processor;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.admin.ConsumerOffsetTable;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The broker's settings and progress tables as RocketMQ's admin and slave brokers read them:
 * GET_BROKER_CONFIG (26, {@code key=value} lines plus the config's data version in the
 * {@code version} header), GET_ALL_CONSUMER_OFFSET (43) and GET_ALL_DELAY_OFFSET (45).
 */
public final class MetadataAdminProcessor {
    private final Map<String, String> effectiveConfig;
    private final DataVersion configVersion;
    private final ConsumerOffsetManager offsets;
    private final Supplier<Map<Integer, Long>> delayOffsets;

    /**
     * @param effectiveConfig the broker's and store's settings after defaults, as parsed at start (the
     *     config does not change while the broker runs, so neither does {@code configVersion})
     * @param delayOffsets    delay level to next offset of its schedule queue
     */
    public MetadataAdminProcessor(Map<String, String> effectiveConfig, DataVersion configVersion,
                                  ConsumerOffsetManager offsets, Supplier<Map<Integer, Long>> delayOffsets) {
        this.effectiveConfig = Map.copyOf(effectiveConfig);
        this.configVersion = configVersion;
        this.offsets = offsets;
        this.delayOffsets = delayOffsets;
    }

    public RemotingCommand brokerConfig(ChannelHandlerContext ctx, RemotingCommand request) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(effectiveConfig).forEach((k, v) -> {
            if (v != null) {
                text.append(k).append('=').append(v).append('\n');
            }
        });
        return Responses.success(request)
                .putExt("version", new String(RemotingJson.encode(configVersion), StandardCharsets.UTF_8))
                .setBody(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Body {@code {"offsetTable":{"topic@group":{"0":12}}}}. */
    public RemotingCommand allConsumerOffsets(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).setBody(standardJson(new ConsumerOffsetTable(offsets.table())));
    }

    /** Body {@code {"offsetTable":{"1":5,...}}} (RocketMQ's delayOffset.json). */
    public RemotingCommand allDelayOffsets(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).setBody(standardJson(Map.of("offsetTable",
                new TreeMap<>(delayOffsets.get()))));
    }

    /** Numeric map keys quoted: standard JSON, which RocketMQ's readers accept as well as the bare form. */
    private static byte[] standardJson(Object body) {
        return JSON.toJSONBytes(body, JSONWriter.Feature.WriteNonStringKeyAsString);
    }
}
