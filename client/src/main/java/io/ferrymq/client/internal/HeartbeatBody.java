package io.ferrymq.client.internal;

import com.alibaba.fastjson2.JSON;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HEART_BEAT bodies as brokers read them ({@code clientID}, {@code producerDataSet}, {@code consumerDataSet}). */
final class HeartbeatBody {
    private HeartbeatBody() {
    }

    static byte[] producers(String clientId, Collection<String> groups) {
        return of(clientId, groups, List.of());
    }

    /** Producer groups by name; each consumer as its {@link ConsumerMember#heartbeatData()}. */
    static byte[] of(String clientId, Collection<String> producerGroups, Collection<Map<String, Object>> consumers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientID", clientId);
        List<Map<String, String>> producers = new ArrayList<>();
        producerGroups.forEach(g -> producers.add(Map.of("groupName", g)));
        body.put("producerDataSet", producers);
        body.put("consumerDataSet", new ArrayList<>(consumers));
        return JSON.toJSONString(body).getBytes(StandardCharsets.UTF_8);
    }
}
