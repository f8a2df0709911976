package io.ferrymq.broker.processor;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.broker.LiveBrokerSettings;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.admin.ConsumerOffsetTable;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's settings and progress tables as RocketMQ's admin and slave brokers read them:
 * GET_BROKER_CONFIG (26, {@code key=value} lines plus the config's data version in the
 * {@code version} header), UPDATE_BROKER_CONFIG (25, {@code key=value} lines; see
 * {@link LiveBrokerSettings} for what may change), GET_ALL_CONSUMER_OFFSET (43) and
 * GET_ALL_DELAY_OFFSET (45).
 */
public final class MetadataAdminProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataAdminProcessor.class);

    private final LiveBrokerSettings settings;
    private final ConsumerOffsetManager offsets;
    private final Supplier<Map<Integer, Long>> delayOffsets;

    /**
     * @param settings     the broker's and store's settings now
     * @param delayOffsets delay level to next offset of its schedule queue
     */
    public MetadataAdminProcessor(LiveBrokerSettings settings, ConsumerOffsetManager offsets,
                                  Supplier<Map<Integer, Long>> delayOffsets) {
        this.settings = settings;
        this.offsets = offsets;
        this.delayOffsets = delayOffsets;
    }

    /** Changes the settings the body names, all or none; the remark says what was refused and why. */
    public RemotingCommand updateBrokerConfig(ChannelHandlerContext ctx, RemotingCommand request) {
        byte[] body = request.getBody();
        Properties changes = new Properties();
        try {
            if (body != null) {
                changes.load(new StringReader(new String(body, StandardCharsets.UTF_8)));
            }
        } catch (IOException | IllegalArgumentException e) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "string2Properties error: " + e.getMessage());
        }
        if (changes.isEmpty()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "no key=value lines in the request body");
        }
        try {
            settings.update(changes);
        } catch (IllegalArgumentException e) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        } catch (IOException e) {
            LOG.warn("broker config update not applied: {}", e.toString());
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "cannot write the config file: " + e);
        }
        return Responses.success(request);
    }

    public RemotingCommand brokerConfig(ChannelHandlerContext ctx, RemotingCommand request) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(settings.effective()).forEach((k, v) -> {
            if (v != null) {
                text.append(k).append('=').append(v).append('\n');
            }
        });
        return Responses.success(request)
                .putExt("version", new String(RemotingJson.encode(settings.version()), StandardCharsets.UTF_8))
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
